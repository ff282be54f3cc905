import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, type DataSource, type SelectQueryBuilder } from 'typeorm';
import {
  LIMITS,
  maskPhone,
  type CareTag,
  type GridHouseholdDetailView,
  type GridHouseholdView,
  type GridMemberView,
  type GridTodoView,
  type Page,
} from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import { allows, PLATFORM, scopeKey, scopesWith } from '../access/policy';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { containsPattern, LIKE_ESCAPE } from '../common/database/like-pattern';
import { applyScopeFilter } from '../common/database/scope-filter';
import { notFound } from '../common/errors/domain-error';
import { byId, decode, encode, keysetPage } from '../common/pagination/keyset';
import { iso, isoOrNull, rawTime } from '../common/time';
import { Household } from '../households/household.entity';
import { Ticket } from '../tickets/ticket.entity';
import { dueOf } from './care-schedule';
import { CareFrequencyService } from './care-frequency.service';
import type { ListGridHouseholdsQueryDto } from './dto/visits.dto';
import { VisitAccess } from './visit-access';
import { householdLabels, VisitsService } from './visits.service';

/** IN lists are read in slices of this many ids (parameter limits, statement size). */
const CHUNK = 1000;
/** What a household page shows of its history. */
const DETAIL_VISITS = 20;
const DETAIL_TICKETS = 20;
/** The to-do is a working list for one day, not an archive. */
const TODO_OVERDUE_MAX = 50;
const TODO_FOLLOW_UPS_MAX = 100;

/** What the due date of a household is computed from, for every household in scope. */
interface DueFacts {
  id: number;
  communityId: number;
  enteredAt: Date;
  tags: CareTag[];
  lastVisitAt: Date | null;
}

const chunks = <T>(items: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/**
 * The grid worker's households: those of the buildings in their grids (the community's and street's
 * for those above), with members, care tags, when each was last met and when it is next due. Only
 * household.care holders reach any of it (the routes require it; objects are checked here).
 */
@Injectable()
export class GridHouseholdsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly visitAccess: VisitAccess,
    private readonly frequencies: CareFrequencyService,
    private readonly visits: VisitsService,
    private readonly clock: Clock,
  ) {}

  async list(caller: Caller, query: ListGridHouseholdsQueryDto): Promise<Page<GridHouseholdView>> {
    if (query.overdue) return this.listOverdue(caller, query);
    const page = await keysetPage(this.households(caller, query), query, byId('h'));
    return { items: await this.views(caller, page.items), nextCursor: page.nextCursor };
  }

  async get(caller: Caller, id: number): Promise<GridHouseholdDetailView> {
    await this.access.require(caller, 'household.care', { type: 'household', id });
    const household = await this.households(caller, {}).andWhere('h.id = :id', { id }).getOne();
    // Its building is in no grid: not a grid household.
    if (!household) throw notFound('HOUSEHOLD_NOT_FOUND');
    const [view] = await this.views(caller, [household]);
    const visits = await this.visits.ofHousehold(id, DETAIL_VISITS);
    const tickets = await this.db
      .getRepository(Ticket)
      .createQueryBuilder('t')
      .innerJoinAndSelect('t.category', 'c')
      .where('t.household_id = :id', { id })
      .orderBy('t.id', 'DESC')
      .limit(DETAIL_TICKETS)
      .getMany();
    return {
      ...view,
      visits,
      tickets: tickets.map((t) => ({
        id: t.id,
        ticketNo: String(t.id),
        status: t.status,
        categoryName: t.category!.name,
        createdAt: iso(t.createdAt),
      })),
    };
  }

  /** Care households overdue, most overdue first, and closed tickets of the caller's households awaiting 回访. */
  async todo(caller: Caller): Promise<GridTodoView> {
    const overdue = (await this.dueList(this.households(caller, {}), true)).slice(0, TODO_OVERDUE_MAX);
    const households = await this.households(caller, {})
      .andWhere('h.id IN (:...ids)', { ids: overdue.length ? overdue.map((d) => d.id) : [0] })
      .getMany();
    const byIdMap = new Map(households.map((h) => [h.id, h]));
    return {
      overdue: await this.views(
        caller,
        overdue.map((d) => byIdMap.get(d.id)!),
      ),
      followUps: await this.awaitingFollowUp(caller),
    };
  }

  /** Households in the caller's care scopes whose building is in a grid, with the list's filters. */
  private households(caller: Caller, query: Partial<ListGridHouseholdsQueryDto>): SelectQueryBuilder<Household> {
    const qb = this.db
      .getRepository(Household)
      .createQueryBuilder('h')
      .innerJoinAndSelect('h.building', 'b')
      .innerJoinAndSelect('h.compound', 'k')
      .where('b.grid_id IS NOT NULL');
    this.visitAccess.filter(qb, caller, { grid: 'b.grid_id', community: 'k.community_id' });
    if (query.compoundId) qb.andWhere('h.compound_id = :compoundId', { compoundId: query.compoundId });
    if (query.buildingId) qb.andWhere('h.building_id = :buildingId', { buildingId: query.buildingId });
    if (query.careTag) {
      qb.andWhere('h.id IN (SELECT ct.household_id FROM household_tags ct WHERE ct.tag = :tag)', { tag: query.careTag });
    }
    if (query.q) {
      const like = containsPattern(query.q);
      qb.andWhere(
        new Brackets((b) =>
          ['b.name', 'h.unit', 'h.room', 'h.owner_name'].forEach((col) =>
            b.orWhere(`${col} LIKE :q ${LIKE_ESCAPE}`, { q: like }),
          ),
        ),
      );
    }
    return qb;
  }

  /**
   * Overdue, most overdue first. The order is computed, not stored (it moves with every visit, tag and
   * community setting), so the caller's households are scanned by their due facts — ids, tags and last
   * visits only, a few thousand even for a community — and paged in memory by (nextDueAt, id): the
   * cursor is that key, as in every keyset list, so no offset is kept.
   */
  private async listOverdue(caller: Caller, query: ListGridHouseholdsQueryDto): Promise<Page<GridHouseholdView>> {
    let due = await this.dueList(this.households(caller, query), false);
    if (query.cursor) {
      const [at, id] = decode(query.cursor, [{ kind: 'date' }, { kind: 'number' }]) as [Date, number];
      due = due.filter((d) => d.nextDueAt > at || (d.nextDueAt.getTime() === at.getTime() && d.id > id));
    }
    const limit = query.limit ?? LIMITS.pageSizeDefault;
    const page = due.slice(0, limit);
    const rows = page.length
      ? await this.households(caller, {})
          .andWhere('h.id IN (:...ids)', { ids: page.map((d) => d.id) })
          .getMany()
      : [];
    const byIdMap = new Map(rows.map((h) => [h.id, h]));
    const last = page[page.length - 1];
    return {
      items: await this.views(
        caller,
        page.map((d) => byIdMap.get(d.id)!),
      ),
      nextCursor: due.length > limit && last ? encode([last.nextDueAt.toISOString(), last.id]) : null,
    };
  }

  /** The overdue households of a query (care-tagged only, when asked), most overdue first. */
  private async dueList(qb: SelectQueryBuilder<Household>, careOnly: boolean): Promise<Array<DueFacts & { nextDueAt: Date }>> {
    const rows: Array<{ id: number | string; community_id: number | string; created_at: unknown }> = await qb
      .select(['h.id AS id', 'k.community_id AS community_id', 'h.created_at AS created_at'])
      .getRawMany();
    const facts = await this.dueFacts(
      rows.map((r) => ({ id: Number(r.id), communityId: Number(r.community_id), enteredAt: rawTime(r.created_at)! })),
    );
    const schedules = await this.frequencies.schedules(facts.map((f) => f.communityId));
    const now = this.clock.now();
    return facts
      .filter((f) => !careOnly || f.tags.length > 0)
      .map((f) => ({ ...f, ...dueOf(f.tags, f.lastVisitAt, f.enteredAt, schedules.get(f.communityId)!, now) }))
      .filter((f) => f.overdueDays > 0)
      .sort((a, b) => a.nextDueAt.getTime() - b.nextDueAt.getTime() || a.id - b.id);
  }

  /** Tags and the last visit that met someone, for each household, read in slices. */
  private async dueFacts(households: Array<Omit<DueFacts, 'tags' | 'lastVisitAt'>>): Promise<DueFacts[]> {
    const ids = households.map((h) => h.id);
    const tags = await this.tagsOf(ids);
    const lastVisits = await this.lastVisits(ids);
    return households.map((h) => ({ ...h, tags: tags.get(h.id) ?? [], lastVisitAt: lastVisits.get(h.id) ?? null }));
  }

  private async tagsOf(ids: number[]): Promise<Map<number, CareTag[]>> {
    const out = new Map<number, CareTag[]>();
    for (const slice of chunks(ids)) {
      const rows: Array<{ household_id: number | string; tag: CareTag }> = await this.db
        .createQueryBuilder()
        .select(['t.household_id AS household_id', 't.tag AS tag'])
        .from('household_tags', 't')
        .where('t.household_id IN (:...ids)', { ids: slice })
        .getRawMany();
      for (const r of rows) out.set(Number(r.household_id), [...(out.get(Number(r.household_id)) ?? []), r.tag].sort());
    }
    return out;
  }

  /** Along idx_visits_household: the latest visit per household where the worker met someone. */
  private async lastVisits(ids: number[]): Promise<Map<number, Date>> {
    const out = new Map<number, Date>();
    for (const slice of chunks(ids)) {
      const rows: Array<{ household_id: number | string; last: unknown }> = await this.db
        .createQueryBuilder()
        .select(['v.household_id AS household_id', 'MAX(v.visited_at) AS last'])
        .from('visits', 'v')
        .where('v.household_id IN (:...ids)', { ids: slice })
        .andWhere("v.outcome = 'met'")
        .groupBy('v.household_id')
        .getRawMany();
      for (const r of rows) out.set(Number(r.household_id), rawTime(r.last)!);
    }
    return out;
  }

  /** A page of households as the worker sees them: members (full phones for household.contact), tags, due date, open tickets. */
  private async views(caller: Caller, households: Household[]): Promise<GridHouseholdView[]> {
    if (!households.length) return [];
    const ids = households.map((h) => h.id);
    const facts = await this.dueFacts(
      households.map((h) => ({ id: h.id, communityId: h.compound!.communityId, enteredAt: h.createdAt })),
    );
    const schedules = await this.frequencies.schedules(households.map((h) => h.compound!.communityId));
    const members = await this.membersOf(ids);
    const open = await this.openTickets(ids);
    const streets = await this.streetsOf(households.map((h) => h.compound!.communityId));
    const now = this.clock.now();
    return households.map((h, i) => {
      const f = facts[i];
      const { nextDueAt, overdueDays } = dueOf(f.tags, f.lastVisitAt, f.enteredAt, schedules.get(f.communityId)!, now);
      const contact = allows(caller.assignments, 'household.contact', [
        scopeKey('household', h.id),
        scopeKey('building', h.buildingId),
        scopeKey('grid', h.building!.gridId!),
        scopeKey('compound', h.compoundId),
        ...(h.compound!.companyId !== null ? [scopeKey('company', h.compound!.companyId)] : []),
        scopeKey('community', f.communityId),
        scopeKey('street', streets.get(f.communityId)!),
        PLATFORM,
      ]);
      const phone = (p: string | null) => (contact ? p : maskPhone(p));
      return {
        id: h.id,
        compoundId: h.compoundId,
        compoundName: h.compound!.name,
        buildingId: h.buildingId,
        buildingName: h.building!.name,
        gridId: h.building!.gridId!,
        unit: h.unit,
        room: h.room,
        ownerName: h.ownerName,
        ownerPhone: phone(h.ownerPhone),
        members: (members.get(h.id) ?? []).map((m) => ({ ...m, phone: phone(m.phone) })),
        careTags: f.tags,
        lastVisitAt: isoOrNull(f.lastVisitAt),
        nextDueAt: iso(nextDueAt),
        overdueDays,
        openTickets: open.get(h.id) ?? 0,
      };
    });
  }

  /** Verified members, as the household claimed them. */
  private async membersOf(ids: number[]): Promise<Map<number, GridMemberView[]>> {
    const rows: Array<{ household_id: number | string; name: string; relation: string; phone: string | null }> = await this.db
      .createQueryBuilder()
      .select(['m.household_id AS household_id', 'u.name AS name', 'm.relation AS relation', 'u.phone AS phone'])
      .from('household_members', 'm')
      .innerJoin('users', 'u', 'u.id = m.user_id')
      .where('m.household_id IN (:...ids)', { ids })
      .andWhere("m.status = 'verified'")
      .orderBy('m.id', 'ASC')
      .getRawMany();
    const out = new Map<number, GridMemberView[]>();
    for (const r of rows) {
      const key = Number(r.household_id);
      out.set(key, [...(out.get(key) ?? []), { name: r.name, relation: r.relation, phone: r.phone }]);
    }
    return out;
  }

  private async openTickets(ids: number[]): Promise<Map<number, number>> {
    const rows: Array<{ household_id: number | string; n: number | string }> = await this.db
      .createQueryBuilder()
      .select(['t.household_id AS household_id', 'COUNT(*) AS n'])
      .from('tickets', 't')
      .where('t.household_id IN (:...ids) AND t.is_open = :open', { ids, open: true })
      .groupBy('t.household_id')
      .getRawMany();
    return new Map(rows.map((r) => [Number(r.household_id), Number(r.n)]));
  }

  private async streetsOf(communityIds: number[]): Promise<Map<number, number>> {
    const rows: Array<{ id: number | string; street_id: number | string }> = await this.db
      .createQueryBuilder()
      .select(['c.id AS id', 'c.street_id AS street_id'])
      .from('communities', 'c')
      .where('c.id IN (:...ids)', { ids: [...new Set(communityIds)] })
      .getRawMany();
    return new Map(rows.map((r) => [Number(r.id), Number(r.street_id)]));
  }

  /**
   * 回访 to do: closed tickets of households in the caller's grids (or community) whose work was done
   * and that nobody has followed up yet — the machine's own condition for follow_up — oldest first.
   */
  private async awaitingFollowUp(caller: Caller): Promise<GridTodoView['followUps']> {
    const qb = this.db
      .getRepository(Ticket)
      .createQueryBuilder('t')
      .innerJoinAndSelect('t.category', 'c')
      .innerJoin('buildings', 'b', 'b.id = t.building_id')
      .where("t.status = 'closed' AND t.resolved_at IS NOT NULL AND t.follow_up IS NULL AND t.duplicate_of_id IS NULL")
      .andWhere('t.household_id IS NOT NULL');
    applyScopeFilter(qb, scopesWith(caller.assignments, 'ticket.followup'), {
      grid: 'b.grid_id',
      community: 't.community_id',
      street: 't.street_id',
    });
    const tickets = await qb.orderBy('t.resolved_at', 'ASC').addOrderBy('t.id', 'ASC').limit(TODO_FOLLOW_UPS_MAX).getMany();
    const labels = await householdLabels(
      this.db,
      tickets.map((t) => t.householdId!),
    );
    return tickets.map((t) => ({
      ticketId: t.id,
      ticketNo: String(t.id),
      householdId: t.householdId!,
      householdLabel: labels.get(t.householdId!) ?? '',
      categoryName: t.category!.name,
      resolvedAt: iso(t.resolvedAt!),
    }));
  }
}
