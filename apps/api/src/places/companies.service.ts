import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { CompanyView, Page } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import { scopesWith } from '../access/policy';
import type { Caller } from '../common/auth/caller';
import { applyScopeFilter } from '../common/database/scope-filter';
import { updateVersioned } from '../common/database/versioned-update';
import { byId, keysetPage, type PageQueryDto } from '../common/pagination/keyset';
import { PropertyCompany } from './company.entity';
import type { CreateCompanyDto, UpdateCompanyDto } from './dto/places.dto';
import { companyView } from './places.views';

/** Companies serving compounds in a scope, for list filtering. */
const servingIn = (where: string) => (p: string) =>
  `p.id IN (SELECT k.company_id FROM compounds k WHERE ${where.replace('$', p)})`;

@Injectable()
export class CompaniesService {
  constructor(
    @InjectRepository(PropertyCompany) private readonly companies: Repository<PropertyCompany>,
    private readonly access: AccessService,
  ) {}

  /** Street admins register the companies working in their street; platform admins any. */
  async create(caller: Caller, dto: CreateCompanyDto): Promise<CompanyView> {
    this.access.requireAnywhere(caller, 'company.write');
    const company = this.companies.create({
      name: dto.name,
      creditCode: dto.creditCode ?? null,
      contactPhone: dto.contactPhone ?? null,
    });
    return companyView(await this.companies.save(company));
  }

  async list(caller: Caller, query: PageQueryDto): Promise<Page<CompanyView>> {
    const qb = applyScopeFilter(this.companies.createQueryBuilder('p'), scopesWith(caller.assignments, 'company.read'), {
      company: 'p.id',
      compound: servingIn('k.id IN (:...$)'),
      community: servingIn('k.community_id IN (:...$)'),
      street: servingIn('k.community_id IN (SELECT id FROM communities WHERE street_id IN (:...$))'),
    });
    const page = await keysetPage(qb, query, byId('p'));
    return { items: page.items.map(companyView), nextCursor: page.nextCursor };
  }

  async get(caller: Caller, id: number): Promise<CompanyView> {
    await this.access.require(caller, 'company.read', { type: 'company', id });
    return companyView(await this.companies.findOneByOrFail({ id }));
  }

  async update(caller: Caller, id: number, dto: UpdateCompanyDto): Promise<CompanyView> {
    await this.access.require(caller, 'company.write', { type: 'company', id });
    const { version, ...changes } = dto;
    return companyView(await updateVersioned(this.companies, id, version, changes, 'COMPANY_NOT_FOUND'));
  }
}
