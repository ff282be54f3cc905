import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import type { BuildingView, HouseholdOption, Page } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import type { Caller } from '../common/auth/caller';
import { updateVersioned } from '../common/database/versioned-update';
import { notFound, unprocessable } from '../common/errors/domain-error';
import { byId, keysetPage } from '../common/pagination/keyset';
import { Household } from '../households/household.entity';
import { Building } from './building.entity';
import { Compound } from './compound.entity';
import type { CreateBuildingDto, ListBuildingsQuery, UpdateBuildingDto } from './dto/places.dto';
import { Grid } from './grid.entity';
import { buildingView } from './places.views';

@Injectable()
export class BuildingsService {
  constructor(
    @InjectRepository(Building) private readonly buildings: Repository<Building>,
    @InjectRepository(Compound) private readonly compounds: Repository<Compound>,
    @InjectRepository(Grid) private readonly grids: Repository<Grid>,
    @InjectRepository(Household) private readonly households: Repository<Household>,
    private readonly access: AccessService,
  ) {}

  async create(caller: Caller, dto: CreateBuildingDto): Promise<BuildingView> {
    await this.access.require(caller, 'building.write', { type: 'compound', id: dto.compoundId });
    const gridId = await this.checkGrid(dto.compoundId, dto.gridId ?? null);
    const saved = await this.buildings.save(this.buildings.create({ compoundId: dto.compoundId, name: dto.name, gridId }));
    return buildingView(saved, 0);
  }

  /** Building names of a compound: public facts a resident needs to find their home. */
  async list(query: ListBuildingsQuery): Promise<Page<BuildingView>> {
    if (!(await this.compounds.existsBy({ id: query.compoundId }))) throw notFound('COMPOUND_NOT_FOUND');
    const qb = this.buildings.createQueryBuilder('b').where('b.compound_id = :c', { c: query.compoundId });
    const page = await keysetPage(qb, query, byId('b'));
    const counts = await this.countHouseholds(page.items.map((b) => b.id));
    return { items: page.items.map((b) => buildingView(b, counts.get(b.id) ?? 0)), nextCursor: page.nextCursor };
  }

  async get(id: number): Promise<BuildingView> {
    const building = await this.buildings.findOneBy({ id });
    if (!building) throw notFound('BUILDING_NOT_FOUND');
    return buildingView(building, (await this.countHouseholds([id])).get(id) ?? 0);
  }

  async update(caller: Caller, id: number, dto: UpdateBuildingDto): Promise<BuildingView> {
    await this.access.require(caller, 'building.write', { type: 'building', id });
    const { version, ...changes } = dto;
    if (changes.gridId !== undefined) {
      const current = await this.buildings.findOneByOrFail({ id });
      changes.gridId = await this.checkGrid(current.compoundId, changes.gridId);
    }
    await updateVersioned(this.buildings, id, version, changes, 'BUILDING_NOT_FOUND');
    return this.get(id);
  }

  /** Unit and room numbers only — no names or phones — for a resident claiming a household. */
  async householdOptions(id: number): Promise<HouseholdOption[]> {
    if (!(await this.buildings.existsBy({ id }))) throw notFound('BUILDING_NOT_FOUND');
    const rows = await this.households.find({
      where: { buildingId: id },
      select: { id: true, buildingId: true, unit: true, room: true },
      order: { unit: 'ASC', room: 'ASC' },
    });
    return rows.map(({ id: householdId, buildingId, unit, room }) => ({ id: householdId, buildingId, unit, room }));
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
