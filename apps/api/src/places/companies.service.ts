import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { CompanyView, Page } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import { holdsAnywhere } from '../access/policy';
import type { Caller } from '../common/auth/caller';
import { PropertyCompany } from './company.entity';
import type { CreateCompanyDto, NamedPageQuery, UpdateCompanyDto } from './dto/places.dto';
import { PlaceCrud, type PlaceKind } from './place-crud';
import { companyView } from './places.views';

/** Companies serving compounds in a scope, for list filtering. */
const servingIn = (where: string) => (p: string) =>
  `p.id IN (SELECT k.company_id FROM compounds k WHERE ${where.replace('$', p)})`;

@Injectable()
export class CompaniesService extends PlaceCrud<PropertyCompany, CompanyView, UpdateCompanyDto> {
  protected readonly kind: PlaceKind = { type: 'company', alias: 'p', notFound: 'COMPANY_NOT_FOUND' };

  constructor(@InjectRepository(PropertyCompany) companies: Repository<PropertyCompany>, access: AccessService) {
    super(companies, access);
  }

  /** Street admins register the companies working in their street; platform admins any. */
  create(caller: Caller, dto: CreateCompanyDto): Promise<CompanyView> {
    return this.createIn(caller, 'anywhere', () => ({
      name: dto.name,
      creditCode: dto.creditCode ?? null,
      contactPhone: dto.contactPhone ?? null,
    }));
  }

  /**
   * Those who decide which company runs a compound (compound.write: the community, the street) see the
   * whole register, or they could not pick a company new to their area, nor see one they just
   * registered; names, credit codes and business phones are public facts. Others see the companies
   * serving compounds in their scopes.
   */
  list(caller: Caller, query: NamedPageQuery): Promise<Page<CompanyView>> {
    if (holdsAnywhere(caller.assignments, 'compound.write')) return this.page(caller, query, {});
    return this.page(caller, query, {
      scopes: {
        company: 'p.id',
        compound: servingIn('k.id IN (:...$)'),
        community: servingIn('k.community_id IN (:...$)'),
        street: servingIn('k.community_id IN (SELECT id FROM communities WHERE street_id IN (:...$))'),
      },
    });
  }

  protected present(rows: PropertyCompany[]): CompanyView[] {
    return rows.map(companyView);
  }
}
