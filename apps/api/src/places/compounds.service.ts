import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository, SelectQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { CompoundView, ManagementMode, Page } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import type { Caller } from '../common/auth/caller';
import { notFound, unprocessable } from '../common/errors/domain-error';
import { PropertyCompany } from './company.entity';
import { Compound } from './compound.entity';
import type { CreateCompoundDto, ListCompoundsQuery, UpdateCompoundDto } from './dto/places.dto';
import { PlaceCrud, type PlaceKind } from './place-crud';
import { compoundView } from './places.views';

@Injectable()
export class CompoundsService extends PlaceCrud<Compound, CompoundView, UpdateCompoundDto> {
  /** Name, address and who manages it are public facts: any signed-in person may read them. */
  protected readonly kind: PlaceKind = { type: 'compound', alias: 'k', notFound: 'COMPOUND_NOT_FOUND', publicRead: true };

  constructor(
    @InjectRepository(Compound) compounds: Repository<Compound>,
    @InjectRepository(PropertyCompany) private readonly companies: Repository<PropertyCompany>,
    access: AccessService,
  ) {
    super(compounds, access);
  }

  create(caller: Caller, dto: CreateCompoundDto): Promise<CompoundView> {
    return this.createIn(caller, { type: 'community', id: dto.communityId }, async () => ({
      ...dto,
      address: dto.address ?? null,
      companyId: await this.checkManagement(dto.managementMode, dto.companyId ?? null),
    }));
  }

  /**
   * Compounds the caller works in, plus those where they are a verified resident. Residents reach other
   * compounds only by id (a scanned QR code).
   */
  list(caller: Caller, query: ListCompoundsQuery): Promise<Page<CompoundView>> {
    return this.page(caller, query, {
      narrow: (qb) => {
        if (query.communityId) qb.andWhere('k.community_id = :communityId', { communityId: query.communityId });
        if (query.companyId) qb.andWhere('k.company_id = :companyId', { companyId: query.companyId });
      },
      scopes: { street: 'community.street_id', community: 'k.community_id', company: 'k.company_id', compound: 'k.id' },
      alsoVisible: [
        {
          sql: "k.id IN (SELECT m.compound_id FROM household_members m WHERE m.user_id = :me AND m.status = 'verified')",
          params: { me: caller.userId },
        },
      ],
    });
  }

  protected override rows(): SelectQueryBuilder<Compound> {
    return this.repo
      .createQueryBuilder('k')
      .innerJoinAndSelect('k.community', 'community')
      .leftJoinAndSelect('k.company', 'company');
  }

  /** The view names the community and the company: read a written row again with them. */
  protected override async reload(row: Compound): Promise<Compound> {
    const joined = await this.rows().where('k.id = :id', { id: row.id }).getOne();
    if (!joined) throw notFound('COMPOUND_NOT_FOUND');
    return joined;
  }

  protected present(rows: Compound[]): CompoundView[] {
    return rows.map(compoundView);
  }

  /** Changing the management mode or the company: the pair must still fit (checkManagement). */
  protected override async checkChanges(
    id: number,
    changes: Omit<UpdateCompoundDto, 'version'>,
  ): Promise<QueryDeepPartialEntity<Compound>> {
    if (changes.managementMode !== undefined || changes.companyId !== undefined) {
      const current = await this.repo.findOneByOrFail({ id });
      const mode = changes.managementMode ?? current.managementMode;
      const company = changes.companyId !== undefined ? changes.companyId : mode === 'company' ? current.companyId : null;
      changes.companyId = await this.checkManagement(mode, company);
    }
    return changes;
  }

  /** A company compound names its company; shared-society and self-managed compounds name none. */
  private async checkManagement(mode: ManagementMode, companyId: number | null): Promise<number | null> {
    if (mode !== 'company') {
      if (companyId !== null)
        throw unprocessable('COMPOUND_COMPANY_MISMATCH', [
          { field: 'companyId', problems: ['only company-managed compounds have a company'] },
        ]);
      return null;
    }
    if (companyId === null)
      throw unprocessable('COMPOUND_COMPANY_MISMATCH', [
        { field: 'companyId', problems: ['a company-managed compound needs companyId'] },
      ]);
    if (!(await this.companies.existsBy({ id: companyId }))) throw notFound('COMPANY_NOT_FOUND');
    return companyId;
  }
}
