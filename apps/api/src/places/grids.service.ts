import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { GridView, Page } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import { scopesWith } from '../access/policy';
import type { Caller } from '../common/auth/caller';
import { applyScopeFilter } from '../common/database/scope-filter';
import { updateVersioned } from '../common/database/versioned-update';
import { byId, keysetPage } from '../common/pagination/keyset';
import type { CreateGridDto, ListGridsQuery, UpdateGridDto } from './dto/places.dto';
import { Grid } from './grid.entity';
import { gridView } from './places.views';

@Injectable()
export class GridsService {
  constructor(
    @InjectRepository(Grid) private readonly grids: Repository<Grid>,
    private readonly access: AccessService,
  ) {}

  async create(caller: Caller, dto: CreateGridDto): Promise<GridView> {
    await this.access.require(caller, 'grid.write', { type: 'community', id: dto.communityId });
    return gridView(await this.grids.save(this.grids.create(dto)));
  }

  async list(caller: Caller, query: ListGridsQuery): Promise<Page<GridView>> {
    const qb = this.grids.createQueryBuilder('g');
    if (query.communityId) qb.andWhere('g.community_id = :communityId', { communityId: query.communityId });
    applyScopeFilter(qb, scopesWith(caller.assignments, 'grid.read'), {
      street: (p) => `g.community_id IN (SELECT id FROM communities WHERE street_id IN (:...${p}))`,
      community: 'g.community_id',
      grid: 'g.id',
    });
    const page = await keysetPage(qb, query, byId('g'));
    return { items: page.items.map(gridView), nextCursor: page.nextCursor };
  }

  async get(caller: Caller, id: number): Promise<GridView> {
    await this.access.require(caller, 'grid.read', { type: 'grid', id });
    return gridView(await this.grids.findOneByOrFail({ id }));
  }

  async update(caller: Caller, id: number, dto: UpdateGridDto): Promise<GridView> {
    await this.access.require(caller, 'grid.write', { type: 'grid', id });
    const { version, ...changes } = dto;
    return gridView(await updateVersioned(this.grids, id, version, changes, 'GRID_NOT_FOUND'));
  }
}
