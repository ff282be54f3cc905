import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { BuildingView, HouseholdOption, Page } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import type { Caller } from '../common/auth/caller';
import { notFound, unprocessable } from '../common/errors/domain-error';
import { Household } from '../households/household.entity';
import { Building } from './building.entity';
import { Compound } from './compound.entity';
import type { CreateBuildingDto, ListBuildingsQuery, UpdateBuildingDto } from './dto/places.dto';
import { Grid } from './grid.entity';
import { PlaceCrud, type PlaceKind } from './place-crud';
import { buildingView } from './places.views';

@Injectable()
export class BuildingsService extends PlaceCrud<Building, BuildingView, UpdateBuildingDto> {
  /** Building names of a compound are public facts a resident needs to find their home. */
  protected readonly kind: PlaceKind = { type: 'building', alias: 'b', notFound: 'BUILDING_NOT_FOUND', publicRead: true };

  constructor(
    @InjectRepository(Building) buildings: Repository<Building>,
    @InjectRepository(Compound) private readonly compounds: Repository<Compound>,
    @InjectRepository(Grid) private readonly grids: Repository<Grid>,
    @InjectRepository(Household) private readonly households: Repository<Household>,
    access: AccessService,
  ) {
    super(buildings, access);
  }

  create(caller: Caller, dto: CreateBuildingDto): Promise<BuildingView> {
    return this.createIn(caller, { type: 'compound', id: dto.compoundId }, async () => ({
      compoundId: dto.compoundId,
      name: dto.name,
      gridId: await this.checkGrid(dto.compoundId, dto.gridId ?? null),
    }));
  }

  /** The buildings of one compound, to anyone signed in. */
  async list(caller: Caller, query: ListBuildingsQuery): Promise<Page<BuildingView>> {
    if (!(await this.compounds.existsBy({ id: query.compoundId }))) throw notFound('COMPOUND_NOT_FOUND');
    return this.page(caller, query, { narrow: (qb) => qb.where('b.compound_id = :c', { c: query.compoundId }) });
  }

  /** Unit and room numbers only — no names or phones — for a resident claiming a household. */
  async householdOptions(id: number): Promise<HouseholdOption[]> {
    if (!(await this.repo.existsBy({ id }))) throw notFound('BUILDING_NOT_FOUND');
    const rows = await this.households.find({
      where: { buildingId: id },
      select: { id: true, buildingId: true, unit: true, room: true },
      order: { unit: 'ASC', room: 'ASC' },
    });
    return rows.map(({ id: householdId, buildingId, unit, room }) => ({ id: householdId, buildingId, unit, room }));
  }

  protected async present(rows: Building[]): Promise<BuildingView[]> {
    const counts = await this.countHouseholds(rows.map((b) => b.id));
    return rows.map((b) => buildingView(b, counts.get(b.id) ?? 0));
  }

  /** Moving a building to another grid: the grid must belong to the compound's community. */
  protected override async checkChanges(
    id: number,
    changes: Omit<UpdateBuildingDto, 'version'>,
  ): Promise<QueryDeepPartialEntity<Building>> {
    if (changes.gridId !== undefined) {
      const current = await this.repo.findOneByOrFail({ id });
      changes.gridId = await this.checkGrid(current.compoundId, changes.gridId);
    }
    return changes;
  }

  /** A building's grid must belong to the compound's community. */
  private async checkGrid(compoundId: number, gridId: number | null): Promise<number | null> {
    if (gridId === null) return null;
    const [compound, grid] = await Promise.all([
      this.compounds.findOneBy({ id: compoundId }),
      this.grids.findOneBy({ id: gridId }),
    ]);
    if (!grid) throw notFound('GRID_NOT_FOUND');
    if (!compound || grid.communityId !== compound.communityId) {
      throw unprocessable('GRID_COMMUNITY_MISMATCH', [{ field: 'gridId', problems: ['grid belongs to another community'] }]);
    }
    return gridId;
  }

  private async countHouseholds(buildingIds: number[]): Promise<Map<number, number>> {
    if (!buildingIds.length) return new Map();
    const rows: Array<{ buildingId: number; n: string | number }> = await this.households
      .createQueryBuilder('h')
      .select('h.building_id', 'buildingId')
      .addSelect('COUNT(*)', 'n')
      .where({ buildingId: In(buildingIds) })
      .groupBy('h.building_id')
      .getRawMany();
    return new Map(rows.map((r) => [Number(r.buildingId), Number(r.n)]));
  }
}
