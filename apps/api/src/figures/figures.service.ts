import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type SelectQueryBuilder } from 'typeorm';
import {
  FIGURE_TREND_MONTHS,
  LIMITS,
  type FigureCounts,
  type FigureScope,
  type FigureSubject,
  type FiguresRow,
  type FiguresView,
  type FigureTicketFilter,
  type FigureTicketRow,
  type Page,
  type TicketKind,
  type TicketPriority,
  type TicketStatus,
} from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import { allows, PLATFORM, scopeKey } from '../access/policy';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { forbidden, notFound } from '../common/errors/domain-error';
import { validationFailed } from '../common/http/validation';
import { decode, encode } from '../common/pagination/keyset';
import { shanghaiMonth, shanghaiMonthBounds } from '../common/shanghai-time';
import { iso, rawTime } from '../common/time';
import {
  addCounts,
  addTicketPart,
  countTicket,
  emptyCounts,
  matchesFilter,
  ticketPart,
  withRates,
  type FigureTicket,
} from './figure-math';
import { FigureMonthCount } from './figure-month-count.entity';

type Row = Record<string, unknown>;
const num = (v: unknown): number => Number(v ?? 0);

/** A compound as the figures group it: by community, and by who handles it (its company, or the community's society). */
export interface CompoundInfo {
  id: number;
  name: string;
  communityId: number;
  communityName: string;
  companyId: number | null;
  companyName: string | null;
}

/** The compounds a scope covers, and how to narrow a ticket query to them. */
export interface FigureScopeInfo {
  subject: FigureSubject;
  compounds: CompoundInfo[];
  narrow: (qb: SelectQueryBuilder<Row>) => SelectQueryBuilder<Row>;
}

/** Counts per compound of one month. */
export type MonthCounts = Map<number, FigureCounts>;

/** The handler a compound's figures count for: its company, or its community's 共享物业社. */
export function handlerOf(c: CompoundInfo): FigureSubject {
  return c.companyId !== null
    ? { type: 'company', id: c.companyId, name: c.companyName ?? '' }
    : { type: 'society', id: c.communityId, name: `${c.communityName}共享物业社` };
}

/** Sums the compounds' counts by a grouping, in the order groups first appear. */
export function rollUp(compounds: CompoundInfo[], counts: MonthCounts, group: (c: CompoundInfo) => FigureSubject): FiguresRow[] {
  const rows = new Map<string, { subject: FigureSubject; counts: FigureCounts }>();
  for (const c of compounds) {
    const subject = group(c);
    const key = `${subject.type}:${subject.id}`;
    const row = rows.get(key) ?? { subject, counts: emptyCounts() };
    addCounts(row.counts, counts.get(c.id) ?? emptyCounts());
    rows.set(key, row);
  }
  return [...rows.values()].map((r) => ({ subject: r.subject, figures: withRates(r.counts) }));
}

export function total(compounds: CompoundInfo[], counts: MonthCounts): FigureCounts {
  const sum = emptyCounts();
  for (const c of compounds) addCounts(sum, counts.get(c.id) ?? emptyCounts());
  return sum;
}

/** 'YYYY-MM' of the month `back` months before `month`. */
export function monthBefore(month: string, back: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const TICKET_COLUMNS = [
  't.id AS id',
  't.compound_id AS compound_id',
  't.kind AS kind',
  't.priority AS priority',
  't.status AS status',
  't.created_at AS created_at',
  't.accepted_at AS accepted_at',
  't.accept_deadline AS accept_deadline',
  't.accept_breached AS accept_breached',
  't.resolved_at AS resolved_at',
  't.reopen_count AS reopen_count',
  't.rating AS rating',
  't.rating_speed AS rating_speed',
  't.rating_attitude AS rating_attitude',
  't.follow_up AS follow_up',
  't.escalation_level AS escalation_level',
];

const nullableNum = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function figureTicket(r: Row): FigureTicket {
  return {
    id: num(r.id),
    compoundId: num(r.compound_id),
    kind: r.kind as TicketKind,
    priority: r.priority as TicketPriority,
    status: r.status as TicketStatus,
    createdAt: rawTime(r.created_at)!,
    acceptedAt: rawTime(r.accepted_at),
    acceptDeadline: rawTime(r.accept_deadline)!,
    acceptBreached: r.accept_breached === true || Number(r.accept_breached) === 1,
    resolvedAt: rawTime(r.resolved_at),
    reopenCount: num(r.reopen_count),
    rating: nullableNum(r.rating),
    ratingSpeed: nullableNum(r.rating_speed),
    ratingAttitude: nullableNum(r.rating_attitude),
    followUp: (r.follow_up as FigureTicket['followUp']) ?? null,
    escalationLevel: num(r.escalation_level),
  };
}

/**
 * 考核指标 (issue 11). Every level is the sum of its compounds' counts of the month (see figure-math),
 * read straight from tickets, ticket events, households and bills: nothing is cached, so a figure is
 * always what the records say now. Published lists freeze their own copy (scores).
 */
@Injectable()
export class FiguresService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  async view(caller: Caller, scope: FigureScope, id: number, month: string): Promise<FiguresView> {
    this.requireMonthNotAhead(month);
    const info = await this.readableScope(caller, scope, id);
    const months = Array.from({ length: FIGURE_TREND_MONTHS }, (_, i) => monthBefore(month, FIGURE_TREND_MONTHS - 1 - i));
    const counts = await this.counts(info, months);
    const current = counts.get(month)!;
    return {
      month,
      subject: info.subject,
      figures: withRates(total(info.compounds, current)),
      trend: months.map((m) => ({ month: m, figures: withRates(total(info.compounds, counts.get(m)!)) })),
      children: this.children(scope, info.compounds, current),
      handlers: scope === 'street' || scope === 'community' ? rollUp(info.compounds, current, handlerOf) : [],
      computedAt: iso(this.clock.now()),
    };
  }

  /** The tickets behind a figure, newest first, paged by id. */
  async tickets(
    caller: Caller,
    q: {
      scope: FigureScope;
      id: number;
      month: string;
      filter: FigureTicketFilter;
      compoundId?: number;
      cursor?: string;
      limit?: number;
    },
  ): Promise<Page<FigureTicketRow>> {
    this.requireMonthNotAhead(q.month);
    const info = await this.readableScope(caller, q.scope, q.id);
    const { start, end } = shanghaiMonthBounds(q.month);
    const qb = this.ticketQuery(info, start, end)
      .addSelect(['t.place_label AS place_label', 'k.name AS compound_name', 'cat.name AS category_name'])
      .innerJoin('compounds', 'k', 'k.id = t.compound_id')
      .innerJoin('categories', 'cat', 'cat.id = t.category_id')
      .orderBy('t.id', 'DESC');
    if (q.compoundId !== undefined) qb.andWhere('t.compound_id = :only', { only: q.compoundId });
    if (q.cursor) qb.andWhere('t.id < :after', { after: decode(q.cursor, [{ kind: 'number' }])[0] });
    const now = this.clock.now();
    const limit = q.limit ?? LIMITS.pageSizeDefault;
    const items: FigureTicketRow[] = [];
    for (const r of (await qb.getRawMany()) as Row[]) {
      const t = figureTicket(r);
      if (!matchesFilter(q.filter, t, now)) continue;
      if (items.length === limit) return { items, nextCursor: encode([items[items.length - 1].id]) };
      items.push({
        id: t.id,
        compoundId: t.compoundId,
        compoundName: String(r.compound_name),
        categoryName: String(r.category_name),
        kind: t.kind,
        status: t.status,
        placeLabel: String(r.place_label),
        createdAt: iso(t.createdAt),
        acceptedAt: t.acceptedAt ? iso(t.acceptedAt) : null,
        resolvedAt: t.resolvedAt ? iso(t.resolvedAt) : null,
        rating: t.rating,
        escalationLevel: t.escalationLevel,
      });
    }
    return { items, nextCursor: null };
  }

  /**
   * Who reads a scope's figures: `ticket.read` on it. A company's figures span every compound it runs,
   * in whatever community or street, so they answer only to the company itself and the platform; the
   * community and the street see a company's part in their own area as a row of their own view.
   */
  async readableScope(caller: Caller, scope: FigureScope, id: number): Promise<FigureScopeInfo> {
    await this.access.require(caller, 'ticket.read', { type: scope, id });
    if (scope === 'company' && !allows(caller.assignments, 'ticket.read', [scopeKey('company', id), PLATFORM])) {
      throw forbidden({ permission: 'ticket.read' });
    }
    return this.scope(scope, id);
  }

  /** A scope's compounds and subject, without asking who reads it (scores and the simulation). */
  async scope(scope: FigureScope, id: number): Promise<FigureScopeInfo> {
    const qb = this.db
      .createQueryBuilder()
      .select([
        'k.id AS id',
        'k.name AS name',
        'k.community_id AS community_id',
        'c.name AS community_name',
        'k.company_id AS company_id',
        'p.name AS company_name',
      ])
      .from('compounds', 'k')
      .innerJoin('communities', 'c', 'c.id = k.community_id')
      .leftJoin('property_companies', 'p', 'p.id = k.company_id')
      .orderBy('k.id');
    const where = {
      street: ['c.street_id = :id', 't.street_id = :scopeId'],
      community: ['k.community_id = :id', 't.community_id = :scopeId'],
      company: ['k.company_id = :id', 't.compound_id IN (SELECT sk.id FROM compounds sk WHERE sk.company_id = :scopeId)'],
      compound: ['k.id = :id', 't.compound_id = :scopeId'],
    }[scope];
    const rows = (await qb.where(where[0], { id }).getRawMany()) as Row[];
    const compounds: CompoundInfo[] = rows.map((r) => ({
      id: num(r.id),
      name: String(r.name),
      communityId: num(r.community_id),
      communityName: String(r.community_name),
      companyId: r.company_id === null ? null : num(r.company_id),
      companyName: r.company_name === null ? null : String(r.company_name),
    }));
    return {
      subject: { type: scope, id, name: await this.subjectName(scope, id) },
      compounds,
      narrow: (q) => q.andWhere(where[1], { scopeId: id }),
    };
  }

  /** Counts per month and compound, for each of `months`. */
  async counts(info: FigureScopeInfo, months: string[]): Promise<Map<string, MonthCounts>> {
    const out = new Map<string, MonthCounts>(months.map((m) => [m, new Map()]));
    if (!info.compounds.length || !months.length) return out;
    const bounds = months.map((m) => ({ month: m, ...shanghaiMonthBounds(m) }));
    const first = bounds[0].start;
    const last = bounds[bounds.length - 1].end;
    const of = (month: string, compoundId: number): FigureCounts => {
      const perCompound = out.get(month)!;
      const found = perCompound.get(compoundId);
      if (found) return found;
      const fresh = emptyCounts();
      perCompound.set(compoundId, fresh);
      return fresh;
    };
    const monthOf = (at: Date) => bounds.find((b) => at >= b.start && at < b.end)?.month;
    const now = this.clock.now();
    // A month at a time, so a trend over a busy street holds one month's rows in memory, not six.
    for (const b of bounds) await this.ticketCounts(info, b, now, (id) => of(b.month, id));
    for (const r of await this.urges(info, first, last)) {
      const month = monthOf(rawTime(r.created_at)!);
      if (month) of(month, num(r.compound_id)).urges += 1;
    }
    const ids = info.compounds.map((c) => c.id);
    for (const b of bounds) {
      for (const r of await this.households(ids, b.end)) of(b.month, num(r.compound_id)).households = num(r.n);
    }
    for (const b of bounds) {
      for (const r of await this.visited(ids, b.start, b.end)) of(b.month, num(r.compound_id)).visitedHouseholds = num(r.n);
    }
    for (const r of await this.bills(ids, months)) {
      const c = of(String(r.period), num(r.compound_id));
      c.dueFen = num(r.due);
      c.collectedFen = num(r.paid);
    }
    return out;
  }

  /**
   * One month's ticket counts per compound: kept ones (figure_month_counts) where their stamp still
   * matches the tickets, the rest counted from the tickets and kept for next time. The stamp is read
   * before the tickets, so a change in between leaves a stamp that no longer matches: recounted again.
   */
  private async ticketCounts(
    info: FigureScopeInfo,
    b: { month: string; start: Date; end: Date },
    now: Date,
    into: (compoundId: number) => FigureCounts,
  ): Promise<void> {
    const stamps = (await info
      .narrow(
        this.db
          .createQueryBuilder()
          .select(['t.compound_id AS compound_id', 'COUNT(*) AS n', 'SUM(t.version) AS v', 'MAX(t.updated_at) AS u'])
          .addSelect('MIN(CASE WHEN t.status = :waiting AND t.accept_deadline > :now THEN t.accept_deadline END)', 'due')
          .from('tickets', 't')
          .where('t.created_at >= :start AND t.created_at < :end', { start: b.start, end: b.end, waiting: 'submitted', now })
          .groupBy('t.compound_id') as SelectQueryBuilder<Row>,
      )
      .getRawMany()) as Row[];
    if (!stamps.length) return;
    const repo = this.db.getRepository(FigureMonthCount);
    const kept = new Map(
      (await repo.find({ where: { compoundId: In(stamps.map((r) => num(r.compound_id))), month: b.month } })).map((k) => [
        k.compoundId,
        k,
      ]),
    );
    const stale = new Map<number, { stamp: string; validUntil: Date | null }>();
    for (const r of stamps) {
      const id = num(r.compound_id);
      const stamp = `${num(r.n)}:${num(r.v)}:${rawTime(r.u)?.toISOString() ?? ''}`;
      const k = kept.get(id);
      if (k && k.stamp === stamp && (!k.validUntil || now < k.validUntil)) addTicketPart(into(id), JSON.parse(k.counts));
      else stale.set(id, { stamp, validUntil: rawTime(r.due) });
    }
    if (!stale.size) return;
    const counted = new Map<number, FigureCounts>([...stale.keys()].map((id) => [id, emptyCounts()]));
    const ids = [...stale.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      const qb = this.ticketQuery(info, b.start, b.end).andWhere('t.compound_id IN (:...stale)', {
        stale: ids.slice(i, i + 500),
      });
      for (const r of (await qb.getRawMany()) as Row[]) {
        const t = figureTicket(r);
        countTicket(counted.get(t.compoundId)!, t, now);
      }
    }
    const rows = [...counted].map(([compoundId, c]) => {
      addTicketPart(into(compoundId), ticketPart(c));
      return { compoundId, month: b.month, ...stale.get(compoundId)!, counts: JSON.stringify(ticketPart(c)), computedAt: now };
    });
    for (let i = 0; i < rows.length; i += 200) await repo.upsert(rows.slice(i, i + 200), ['compoundId', 'month']);
  }

  private ticketQuery(info: FigureScopeInfo, start: Date, end: Date): SelectQueryBuilder<Row> {
    const qb = this.db
      .createQueryBuilder()
      .select(TICKET_COLUMNS)
      .from('tickets', 't')
      .where('t.created_at >= :start AND t.created_at < :end', { start, end })
      .andWhere("t.status <> 'cancelled' AND t.duplicate_of_id IS NULL");
    return info.narrow(qb as SelectQueryBuilder<Row>);
  }

  private urges(info: FigureScopeInfo, start: Date, end: Date): Promise<Row[]> {
    const qb = this.db
      .createQueryBuilder()
      .select(['t.compound_id AS compound_id', 'e.created_at AS created_at'])
      .from('ticket_events', 'e')
      .innerJoin('tickets', 't', 't.id = e.ticket_id')
      .where("e.action = 'urge' AND e.created_at >= :start AND e.created_at < :end", { start, end });
    return info.narrow(qb as SelectQueryBuilder<Row>).getRawMany();
  }

  private households(compoundIds: number[], before: Date): Promise<Row[]> {
    return this.db
      .createQueryBuilder()
      .select(['h.compound_id AS compound_id', 'COUNT(*) AS n'])
      .from('households', 'h')
      .where('h.compound_id IN (:...compoundIds) AND h.created_at < :before', { compoundIds, before })
      .groupBy('h.compound_id')
      .getRawMany();
  }

  /** As coverage counts a visit to a household (visit-figures): met at the door, by anyone. */
  private visited(compoundIds: number[], start: Date, end: Date): Promise<Row[]> {
    return this.db
      .createQueryBuilder()
      .select(['v.compound_id AS compound_id', 'COUNT(DISTINCT v.household_id) AS n'])
      .from('visits', 'v')
      .where("v.compound_id IN (:...compoundIds) AND v.outcome = 'met' AND v.household_id IS NOT NULL", { compoundIds })
      .andWhere('v.visited_at >= :start AND v.visited_at < :end', { start, end })
      .groupBy('v.compound_id')
      .getRawMany();
  }

  /** As 收缴率 counts them (billing-reports): cancelled bills are not due; a waived one only for what was paid. */
  private bills(compoundIds: number[], periods: string[]): Promise<Row[]> {
    return this.db
      .createQueryBuilder()
      .select([
        'b.compound_id AS compound_id',
        'b.period AS period',
        "SUM(CASE WHEN b.status = 'waived' THEN b.paid_fen ELSE b.amount_fen END) AS due",
        'SUM(b.paid_fen) AS paid',
      ])
      .from('bills', 'b')
      .where("b.compound_id IN (:...compoundIds) AND b.period IN (:...periods) AND b.status <> 'cancelled'", {
        compoundIds,
        periods,
      })
      .groupBy('b.compound_id')
      .addGroupBy('b.period')
      .getRawMany();
  }

  private children(scope: FigureScope, compounds: CompoundInfo[], counts: MonthCounts): FiguresRow[] {
    if (scope === 'street') {
      return rollUp(compounds, counts, (c) => ({ type: 'community', id: c.communityId, name: c.communityName }));
    }
    if (scope === 'compound') return [];
    return rollUp(compounds, counts, (c) => ({ type: 'compound', id: c.id, name: c.name }));
  }

  private async subjectName(scope: FigureScope, id: number): Promise<string> {
    const table = { street: 'streets', community: 'communities', company: 'property_companies', compound: 'compounds' }[scope];
    const [row]: Row[] = await this.db.query(`SELECT name FROM ${table} WHERE id = ?`, [id]);
    if (!row) throw notFound('NOT_FOUND');
    return String(row.name);
  }

  private requireMonthNotAhead(month: string): void {
    if (month > shanghaiMonth(this.clock.now()).label) {
      throw validationFailed([{ field: 'month', problems: ['month must not be after the current month'] }]);
    }
  }
}
