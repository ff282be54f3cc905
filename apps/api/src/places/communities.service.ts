import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { CommunityView, Page } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import { scopesWith } from '../access/policy';
import type { Caller } from '../common/auth/caller';
import { applyScopeFilter } from '../common/database/scope-filter';
import { updateVersioned } from '../common/database/versioned-update';
import { byId, keysetPage } from '../common/pagination/keyset';
import { Community } from './community.entity';
import type { CreateCommunityDto, ListCommunitiesQuery, UpdateCommunityDto } from './dto/places.dto';
import { communityView } from './places.views';

@Injectable()
export class CommunitiesService {
  constructor(
    @InjectRepository(Community) private readonly communities: Repository<Community>,
    private readonly access: AccessService,
  ) {}

  async create(caller: Caller, dto: CreateCommunityDto): Promise<CommunityView> {
    await this.access.require(caller, 'community.write', { type: 'street', id: dto.streetId });
    return communityView(await this.communities.save(this.communities.create(dto)));
  }

  async list(caller: Caller, query: ListCommunitiesQuery): Promise<Page<CommunityView>> {
    const qb = this.communities.createQueryBuilder('c');
    if (query.streetId) qb.andWhere('c.street_id = :streetId', { streetId: query.streetId });
    applyScopeFilter(qb, scopesWith(caller.assignments, 'community.read'), { street: 'c.street_id', community: 'c.id' });
    const page = await keysetPage(qb, query, byId('c'));
    return { items: page.items.map(communityView), nextCursor: page.nextCursor };
  }

  async get(caller: Caller, id: number): Promise<CommunityView> {
    await this.access.require(caller, 'community.read', { type: 'community', id });
    return communityView(await this.communities.findOneByOrFail({ id }));
  }

  async update(caller: Caller, id: number, dto: UpdateCommunityDto): Promise<CommunityView> {
    await this.access.require(caller, 'community.write', { type: 'community', id });
    const { version, ...changes } = dto;
    return communityView(await updateVersioned(this.communities, id, version, changes, 'COMMUNITY_NOT_FOUND'));
  }
}
