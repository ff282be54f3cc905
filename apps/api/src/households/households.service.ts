import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager, type Repository } from 'typeorm';
import type { CareTag, HouseholdView, Page } from '@doorstep/contracts';
import { AccessService, type Resource } from '../access/access.service';
import type { Caller } from '../common/auth/caller';
import { containsPattern, LIKE_ESCAPE } from '../common/database/like-pattern';
import { updateVersioned } from '../common/database/versioned-update';
import { forbidden, notFound } from '../common/errors/domain-error';
import { validationFailed } from '../common/http/validation';
import { byId, keysetPage } from '../common/pagination/keyset';
import { Membership } from '../memberships/membership.entity';
import { Building } from '../places/building.entity';
import type { CreateHouseholdDto, ListHouseholdsQuery, UpdateHouseholdDto } from './dto/households.dto';
import { Household } from './household.entity';
import { HouseholdTag } from './household-tag.entity';
import { householdView, type HouseholdVisibility } from './household.view';

@Injectable()
export class HouseholdsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Household) private readonly households: Repository<Household>,
    @InjectRepository(Building) private readonly buildings: Repository<Building>,
    private readonly access: AccessService,
  ) {}

  async create(caller: Caller, dto: CreateHouseholdDto): Promise<HouseholdView> {
    await this.access.require(caller, 'household.write', { type: 'building', id: dto.buildingId });
    const building = await this.buildings.findOneByOrFail({ id: dto.buildingId });
    const id = await this.db.transaction(async (tx) => {
      const saved = await tx.save(
        tx.create(Household, {
          compoundId: building.compoundId,
          buildingId: building.id,
          unit: dto.unit,
          room: dto.room,
          areaHundredths: dto.areaHundredths,
          ownerName: dto.ownerName ?? null,
          ownerPhone: dto.ownerPhone ?? null,
        }),
      );
      await replaceTags(tx, saved.id, dto.careTags ?? []);
      return saved.id;
    });
    return this.view(id, await this.visibility(caller, { type: 'household', id }));
  }

  async list(caller: Caller, query: ListHouseholdsQuery): Promise<Page<HouseholdView>> {
    const parent = listParent(query);
    await this.access.require(caller, 'household.read', parent);
    const visibility = await this.visibility(caller, parent);
    if (query.careTag && !visibility.careTags) throw forbidden({ permission: 'household.care' });
    const column = { compound: 'h.compound_id', building: 'h.building_id', grid: 'b.grid_id' }[parent.type as 'compound'];
    const qb = this.households
      .createQueryBuilder('h')
      .innerJoinAndSelect('h.building', 'b')
      .where(`${column} = :parent`, { parent: parent.id });
    if (query.careTag) {
      qb.andWhere('h.id IN (SELECT t.household_id FROM household_tags t WHERE t.tag = :tag)', { tag: query.careTag });
    }
    if (query.q) {
      // Inside the parent's index range (a compound's households are a few thousand): no index needed for the text.
      const columns = ['h.room', 'h.unit', 'b.name', 'h.owner_name'];
      qb.andWhere(`(${columns.map((c) => `${c} LIKE :q ${LIKE_ESCAPE}`).join(' OR ')})`, { q: containsPattern(query.q) });
    }
    const page = await keysetPage(qb, query, byId('h'));
    await this.attachTags(page.items);
    return { items: page.items.map((h) => householdView(h, visibility)), nextCursor: page.nextCursor };
  }

  /** Staff in scope, and the household's own verified members (who see no care tags, masked phones). */
  async get(caller: Caller, id: number): Promise<HouseholdView> {
    const member = await this.db
      .getRepository(Membership)
      .existsBy({ householdId: id, userId: caller.userId, status: 'verified' });
    if (!member) await this.access.require(caller, 'household.read', { type: 'household', id });
    return this.view(id, await this.visibility(caller, { type: 'household', id }));
  }

  async update(caller: Caller, id: number, dto: UpdateHouseholdDto): Promise<HouseholdView> {
    await this.access.require(caller, 'household.write', { type: 'household', id });
    const visibility = await this.visibility(caller, { type: 'household', id });
    const { version, careTags, ...changes } = dto;
    if (careTags && !visibility.careTags) throw forbidden({ permission: 'household.care' });
    await this.db.transaction(async (tx) => {
      await updateVersioned(tx.getRepository(Household), id, version, changes, 'HOUSEHOLD_NOT_FOUND');
      if (careTags) await replaceTags(tx, id, careTags);
    });
    return this.view(id, visibility);
  }

  async visibility(caller: Caller, resource: Resource): Promise<HouseholdVisibility> {
    const [contacts, careTags] = await Promise.all([
      this.access.can(caller, 'household.contact', resource),
      this.access.can(caller, 'household.care', resource),
    ]);
    return { contacts, careTags };
  }

  private async view(id: number, visibility: HouseholdVisibility): Promise<HouseholdView> {
    const household = await this.households.findOne({ where: { id }, relations: { building: true } });
    if (!household) throw notFound('HOUSEHOLD_NOT_FOUND');
    await this.attachTags([household]);
    return householdView(household, visibility);
  }

  private async attachTags(households: Household[]): Promise<void> {
    if (!households.length) return;
    const tags = await this.db.getRepository(HouseholdTag).find({ where: { householdId: In(households.map((h) => h.id)) } });
    for (const h of households) h.tags = tags.filter((t) => t.householdId === h.id);
  }
}

function listParent(query: ListHouseholdsQuery): Resource {
  const given = (
    [
      ['compound', query.compoundId],
      ['building', query.buildingId],
      ['grid', query.gridId],
    ] as const
  ).filter(([, id]) => id !== undefined);
  if (given.length !== 1) {
    throw validationFailed([{ field: 'compoundId', problems: ['give exactly one of compoundId, buildingId, gridId'] }]);
  }
  return { type: given[0][0], id: given[0][1]! };
}

export async function replaceTags(tx: EntityManager, householdId: number, tags: CareTag[]): Promise<void> {
  await tx.delete(HouseholdTag, { householdId });
  if (tags.length)
    await tx.insert(
      HouseholdTag,
      tags.map((tag) => ({ householdId, tag })),
    );
}
