import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Page, StreetView } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import { scopesWith } from '../access/policy';
import type { Caller } from '../common/auth/caller';
import { applyScopeFilter } from '../common/database/scope-filter';
import { updateVersioned } from '../common/database/versioned-update';
import { byId, keysetPage, type PageQueryDto } from '../common/pagination/keyset';
import type { CreateStreetDto, UpdateStreetDto } from './dto/places.dto';
import { streetView } from './places.views';
import { Street } from './street.entity';

@Injectable()
export class StreetsService {
  constructor(
    @InjectRepository(Street) private readonly streets: Repository<Street>,
    private readonly access: AccessService,
  ) {}

  async create(caller: Caller, dto: CreateStreetDto): Promise<StreetView> {
    await this.access.require(caller, 'street.write', { type: 'platform', id: 0 });
    const street = await this.streets.save(this.streets.create({ name: dto.name, district: dto.district ?? null }));
    return streetView(street);
  }

  async list(caller: Caller, query: PageQueryDto): Promise<Page<StreetView>> {
    const qb = applyScopeFilter(this.streets.createQueryBuilder('s'), scopesWith(caller.assignments, 'street.read'), {
      street: 's.id',
    });
    const page = await keysetPage(qb, query, byId('s'));
    return { items: page.items.map(streetView), nextCursor: page.nextCursor };
  }

  async get(caller: Caller, id: number): Promise<StreetView> {
    await this.access.require(caller, 'street.read', { type: 'street', id });
    return streetView(await this.streets.findOneByOrFail({ id }));
  }

  async update(caller: Caller, id: number, dto: UpdateStreetDto): Promise<StreetView> {
    await this.access.require(caller, 'street.write', { type: 'street', id });
    const { version, ...changes } = dto;
    return streetView(await updateVersioned(this.streets, id, version, changes, 'STREET_NOT_FOUND'));
  }
}
