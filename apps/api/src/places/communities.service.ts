import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { CommunityView, Page } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import type { Caller } from '../common/auth/caller';
import { Community } from './community.entity';
import type { CreateCommunityDto, ListCommunitiesQuery, UpdateCommunityDto } from './dto/places.dto';
import { PlaceCrud, type PlaceKind } from './place-crud';
import { communityView } from './places.views';

@Injectable()
export class CommunitiesService extends PlaceCrud<Community, CommunityView, UpdateCommunityDto> {
  protected readonly kind: PlaceKind = { type: 'community', alias: 'c', notFound: 'COMMUNITY_NOT_FOUND' };

  constructor(@InjectRepository(Community) communities: Repository<Community>, access: AccessService) {
    super(communities, access);
  }

  create(caller: Caller, dto: CreateCommunityDto): Promise<CommunityView> {
    return this.createIn(caller, { type: 'street', id: dto.streetId }, () => dto);
  }

  list(caller: Caller, query: ListCommunitiesQuery): Promise<Page<CommunityView>> {
    return this.page(caller, query, {
      narrow: (qb) => {
        if (query.streetId) qb.andWhere('c.street_id = :streetId', { streetId: query.streetId });
      },
      scopes: { street: 'c.street_id', community: 'c.id' },
    });
  }

  protected present(rows: Community[]): CommunityView[] {
    return rows.map(communityView);
  }
}
