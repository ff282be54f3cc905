import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Page, StreetView } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import type { Caller } from '../common/auth/caller';
import type { CreateStreetDto, NamedPageQuery, UpdateStreetDto } from './dto/places.dto';
import { PlaceCrud, type PlaceKind } from './place-crud';
import { streetView } from './places.views';
import { Street } from './street.entity';

@Injectable()
export class StreetsService extends PlaceCrud<Street, StreetView, UpdateStreetDto> {
  protected readonly kind: PlaceKind = { type: 'street', alias: 's', notFound: 'STREET_NOT_FOUND' };

  constructor(@InjectRepository(Street) streets: Repository<Street>, access: AccessService) {
    super(streets, access);
  }

  create(caller: Caller, dto: CreateStreetDto): Promise<StreetView> {
    return this.createIn(caller, { type: 'platform', id: 0 }, () => ({ name: dto.name, district: dto.district ?? null }));
  }

  list(caller: Caller, query: NamedPageQuery): Promise<Page<StreetView>> {
    return this.page(caller, query, { scopes: { street: 's.id' } });
  }

  protected present(rows: Street[]): StreetView[] {
    return rows.map(streetView);
  }
}
