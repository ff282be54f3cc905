import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { GridView, Page } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import type { Caller } from '../common/auth/caller';
import type { CreateGridDto, ListGridsQuery, UpdateGridDto } from './dto/places.dto';
import { Grid } from './grid.entity';
import { PlaceCrud, type PlaceKind } from './place-crud';
import { gridView } from './places.views';

@Injectable()
export class GridsService extends PlaceCrud<Grid, GridView, UpdateGridDto> {
  protected readonly kind: PlaceKind = { type: 'grid', alias: 'g', notFound: 'GRID_NOT_FOUND' };

  constructor(@InjectRepository(Grid) grids: Repository<Grid>, access: AccessService) {
    super(grids, access);
  }

  create(caller: Caller, dto: CreateGridDto): Promise<GridView> {
    return this.createIn(caller, { type: 'community', id: dto.communityId }, () => dto);
  }

  list(caller: Caller, query: ListGridsQuery): Promise<Page<GridView>> {
    return this.page(caller, query, {
      narrow: (qb) => {
        if (query.communityId) qb.andWhere('g.community_id = :communityId', { communityId: query.communityId });
      },
      scopes: {
        street: (p) => `g.community_id IN (SELECT id FROM communities WHERE street_id IN (:...${p}))`,
        community: 'g.community_id',
        grid: 'g.id',
      },
    });
  }

  protected present(rows: Grid[]): GridView[] {
    return rows.map(gridView);
  }
}
