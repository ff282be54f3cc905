import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { CompoundView, ManagementMode, Page } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import { scopesWith } from '../access/policy';
import type { Caller } from '../common/auth/caller';
import { applyScopeFilter } from '../common/database/scope-filter';
import { updateVersioned } from '../common/database/versioned-update';
import { notFound, unprocessable } from '../common/errors/domain-error';
import { byId, keysetPage } from '../common/pagination/keyset';
import { PropertyCompany } from './company.entity';
import { Compound } from './compound.entity';
import type { CreateCompoundDto, ListCompoundsQuery, UpdateCompoundDto } from './dto/places.dto';
import { compoundView } from './places.views';

@Injectable()
export class CompoundsService {
  constructor(
    @InjectRepository(Compound) private readonly compounds: Repository<Compound>,
    @InjectRepository(PropertyCompany) private readonly companies: Repository<PropertyCompany>,
    private readonly access: AccessService,
  ) {}

  async create(caller: Caller, dto: CreateCompoundDto): Promise<CompoundView> {
    await this.access.require(caller, 'compound.write', { type: 'community', id: dto.communityId });
    const companyId = await this.checkManagement(dto.managementMode, dto.companyId ?? null);
    const saved = await this.compounds.save(this.compounds.create({ ...dto, address: dto.address ?? null, companyId }));
    return this.view(saved.id);
  }

  /**
   * Compounds the caller works in, plus those where they are a verified resident. Residents reach other
   * compounds only by id (a scanned QR code).
   */
  async list(caller: Caller, query: ListCompoundsQuery): Promise<Page<CompoundView>> {
    const qb = this.joined();
    if (query.communityId) qb.andWhere('k.community_id = :communityId', { communityId: query.communityId });
    applyScopeFilter(
      qb,
      scopesWith(caller.assignments, 'compound.read'),
      { street: 'community.street_id', community: 'k.community_id', company: 'k.company_id', compound: 'k.id' },
      [
        {
          sql: "k.id IN (SELECT m.compound_id FROM household_members m WHERE m.user_id = :me AND m.status = 'verified')",
          params: { me: caller.userId },
        },
      ],
    );
    const page = await keysetPage(qb, query, byId('k'));
    return { items: page.items.map(compoundView), nextCursor: page.nextCursor };
  }

  /** Name, address and who manages it are public facts: any signed-in person may read them. */
  async get(id: number): Promise<CompoundView> {
    return this.view(id);
  }

  async update(caller: Caller, id: number, dto: UpdateCompoundDto): Promise<CompoundView> {
    await this.access.require(caller, 'compound.write', { type: 'compound', id });
    const current = await this.compounds.findOneByOrFail({ id });
    const { version, ...changes } = dto;
    if (changes.managementMode !== undefined || changes.companyId !== undefined) {
      const mode = changes.managementMode ?? current.managementMode;
      const company = changes.companyId !== undefined ? changes.companyId : mode === 'company' ? current.companyId : null;
      changes.companyId = await this.checkManagement(mode, company);
    }
    await updateVersioned(this.compounds, id, version, changes, 'COMPOUND_NOT_FOUND');
    return this.view(id);
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

  private joined() {
    return this.compounds
      .createQueryBuilder('k')
      .innerJoinAndSelect('k.community', 'community')
      .leftJoinAndSelect('k.company', 'company');
  }

  private async view(id: number): Promise<CompoundView> {
    const compound = await this.joined().where('k.id = :id', { id }).getOne();
    if (!compound) throw notFound('COMPOUND_NOT_FOUND');
    return compoundView(compound);
  }
}
