import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, type DataSource, type SelectQueryBuilder, type WhereExpressionBuilder } from 'typeorm';
import {
  LIMITS,
  OPEN_STATUSES,
  TICKET_STATUS_GROUPS,
  type FieldError,
  type Page,
  type Permission,
  type TicketEventView,
  type TicketStatus,
  type TicketView,
} from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import { holdsAnywhere, scopesWith } from '../access/policy';
import { containsPattern, LIKE_ESCAPE } from '../common/database/like-pattern';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { applyScopeFilter } from '../common/database/scope-filter';
import { unprocessable } from '../common/errors/domain-error';
import { byId, keysetPage, type KeysetKey } from '../common/pagination/keyset';
import { Category } from '../categories/category.entity';
import { Building } from '../places/building.entity';
import type { InboxQuery, MyTicketsQuery, TasksQuery, TicketExportQuery, TicketSearchQueryDto } from './dto/tickets.dto';
import { TicketFollower } from './ticket-follower.entity';
import { TicketLoader, type LoadedTicket } from './ticket-loader.service';
import { assertMayTake, isMergeTarget } from './ticket-rules';
import { ticketView } from './ticket.view';
import { Ticket } from './ticket.entity';

/** The open-ticket lists of people who work on tickets, and the permission that gives each. */
const WORK_LIST_PERMISSION = {
  inbox: 'ticket.handle',
  tasks: 'ticket.work',
  supervision: 'ticket.supervise',
} as const satisfies Record<string, Permission>;
export type WorkList = keyof typeof WORK_LIST_PERMISSION;
export const WORK_LISTS = Object.keys(WORK_LIST_PERMISSION) as WorkList[];

type Scopes = ReturnType<typeof scopesWith>;

/** The handler's inbox: tickets of the companies/compounds they manage, or handled by the community they run. */
function handledIn(b: WhereExpressionBuilder, scopes: Scopes): void {
  const companies = scopes.get('company') ?? [];
  const compounds = scopes.get('compound') ?? [];
  const communities = scopes.get('community') ?? [];
  if (companies.length) b.orWhere("t.handler_type = 'company' AND t.handler_company_id IN (:...companies)", { companies });
  if (compounds.length) b.orWhere("t.handler_type = 'company' AND t.compound_id IN (:...compounds)", { compounds });
  if (communities.length) b.orWhere("t.handler_type = 'community' AND t.community_id IN (:...communities)", { communities });
  if (!companies.length && !compounds.length && !communities.length) b.where('1 = 0');
}

/** 督办: supervised tickets of the community; level 2 for the street; every escalated one for the platform. */
function supervisedIn(b: WhereExpressionBuilder, scopes: Scopes): void {
  const communities = scopes.get('community') ?? [];
  const streets = scopes.get('street') ?? [];
  if (scopes.has('platform')) b.where('t.escalation_level >= 1');
  if (communities.length) b.orWhere('t.community_id IN (:...communities) AND t.supervised = :sup', { communities, sup: true });
  if (streets.length) b.orWhere('t.street_id IN (:...streets) AND t.escalation_level >= 2', { streets });
  if (!communities.length && !streets.length && !scopes.has('platform')) b.where('1 = 0');
}

type SharedFilters = Pick<InboxQuery, 'kind' | 'categoryId' | 'breached' | 'from' | 'to'>;

/** What 已完成 holds: work that was done (resolved, then rated or closed unrated). */
const DONE_STATUSES: readonly TicketStatus[] = ['resolved', 'closed'];

const DAY_MS = 86_400_000;
/** Candidates a handler reads through before merging; more would be noise. */
const DUPLICATE_CANDIDATES_MAX = 20;

/** The largest id an INT column holds: an all-digit search beyond it names no ticket. */
const ID_MAX = 2_147_483_647;

/**
 * Free text of 工单查询: all digits is a ticket number (exactly); anything else is words of the
 * description, with LIKE's own wildcards taken literally ('!' escapes: the same in MySQL and SQLite).
 */
function matchText(qb: SelectQueryBuilder<Ticket>, q: string): void {
  if (/^\d+$/.test(q)) {
    const id = Number(q);
    qb.andWhere('t.id = :qid', { qid: id <= ID_MAX ? id : 0 });
    return;
  }
  qb.andWhere(`t.description LIKE :qlike ${LIKE_ESCAPE}`, { qlike: containsPattern(q) });
}

/** Inboxes sort by the deadline that matters now, nearest first. */
const byDue = (alias: string): KeysetKey<Ticket>[] => [
  { expression: `${alias}.due_at`, read: (r: Ticket) => r.dueAt, direction: 'ASC', kind: 'date' },
  { expression: `${alias}.id`, read: (r: Ticket) => r.id, direction: 'ASC', kind: 'number' },
];

/** 已完成 sorts by when the work was done, newest first. */
const byResolved = (alias: string): KeysetKey<Ticket>[] => [
  { expression: `${alias}.resolved_at`, read: (r: Ticket) => r.resolvedAt, direction: 'DESC', kind: 'date' },
  { expression: `${alias}.id`, read: (r: Ticket) => r.id, direction: 'DESC', kind: 'number' },
];

/** Reading tickets: one by id, its timeline, and the lists (mine, the inboxes, a compound's history). */
@Injectable()
export class TicketQueriesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly loader: TicketLoader,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  get(caller: Caller, id: number): Promise<TicketView> {
    return this.loader.view(caller, id);
  }

  timeline(caller: Caller, id: number): Promise<TicketEventView[]> {
    return this.loader.timeline(caller, id);
  }

  /** The reporter's own tickets, newest first. */
  async mine(caller: Caller, query: MyTicketsQuery): Promise<Page<TicketView>> {
    const qb = this.bare().where('t.reporter_id = :me', { me: caller.userId });
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    if (query.group) qb.andWhere('t.status IN (:...group)', { group: [...TICKET_STATUS_GROUPS[query.group]] });
    return this.page(caller, qb, query, byId('t', 'DESC'));
  }

  /** The handler's inbox: open tickets of the companies/compounds they manage or the community they run, nearest deadline first. */
  async inbox(caller: Caller, query: InboxQuery): Promise<Page<TicketView>> {
    return this.workList('inbox', caller, query);
  }

  /** The staff member's tasks: open tickets assigned to them; with `done=true` (已完成) the ones they finished. */
  async tasks(caller: Caller, query: TasksQuery): Promise<Page<TicketView>> {
    const { done, ...filters } = query;
    return done === 'true' ? this.finished(caller, filters) : this.workList('tasks', caller, filters);
  }

  /**
   * 已完成: tickets the caller worked to the end — resolved, or closed after that (rated, or unrated and
   * closed by the sweeper), with the caller still their assignee (resolving and closing keep it; a
   * reopen keeps it too, and the ticket is back among the open tasks until resolved again). Newest
   * resolution first, along idx_tickets_assignee_resolved; from/to bound the resolution time.
   */
  private finished(caller: Caller, query: InboxQuery): Promise<Page<TicketView>> {
    if (query.status && !DONE_STATUSES.includes(query.status)) {
      throw unprocessable('VALIDATION_FAILED', [
        { field: 'status', problems: ['已完成 holds resolved and closed tickets only'] },
      ]);
    }
    const qb = this.bare()
      .where('t.assignee_id = :me', { me: caller.userId })
      .andWhere('t.status IN (:...done)', { done: query.status ? [query.status] : [...DONE_STATUSES] })
      // Closed without being resolved (merged, upheld rejection) is not work done; resolved_at also
      // keeps the keyset's first key non-null.
      .andWhere('t.resolved_at IS NOT NULL');
    if (query.compoundId) qb.andWhere('t.compound_id = :compound', { compound: query.compoundId });
    this.filters(qb, query, 't.resolved_at');
    return this.page(caller, qb, query, byResolved('t'), ['t.resolvedAt']);
  }

  /** Supervisors: escalated tickets, appeals and complaints about companies (community); level 2 (street). */
  async supervision(caller: Caller, query: InboxQuery): Promise<Page<TicketView>> {
    return this.workList('supervision', caller, query);
  }

  /** 我关注的: tickets the caller follows (我也遇到, or their duplicate was merged into it), newest first. */
  async following(caller: Caller, query: MyTicketsQuery): Promise<Page<TicketView>> {
    // Walks idx_ticket_followers_user (user_id, ticket_id) backwards; the ticket is joined by primary key.
    const qb = this.bare().innerJoin(TicketFollower, 'f', 'f.ticket_id = t.id').where('f.user_id = :me', { me: caller.userId });
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    if (query.group) qb.andWhere('t.status IN (:...group)', { group: [...TICKET_STATUS_GROUPS[query.group]] });
    const keys: KeysetKey<Ticket>[] = [{ expression: 'f.ticket_id', read: (r) => r.id, direction: 'DESC', kind: 'number' }];
    return this.page(caller, qb, query, keys);
  }

  /**
   * For the badge poll: per work list the caller's roles give them, a query counting its open tickets
   * and the 紧急/特急 among them (columns `open_count`, `urgent_count`), with the list's own WHERE. (The
   * list also drops rows the caller may no longer read, e.g. tasks of a company they left.)
   */
  workListCounts(caller: Caller): Partial<Record<WorkList, SelectQueryBuilder<Ticket>>> {
    const out: Partial<Record<WorkList, SelectQueryBuilder<Ticket>>> = {};
    for (const list of WORK_LISTS) {
      if (!holdsAnywhere(caller.assignments, WORK_LIST_PERMISSION[list])) continue;
      out[list] = this.workListWhere(list, caller)
        .select('COUNT(*)', 'open_count')
        .addSelect("COALESCE(SUM(CASE WHEN t.priority <> 'normal' THEN 1 ELSE 0 END), 0)", 'urgent_count');
    }
    return out;
  }

  private workList(list: WorkList, caller: Caller, query: InboxQuery): Promise<Page<TicketView>> {
    const qb = this.workListWhere(list, caller);
    this.workListFilters(qb, query);
    return this.page(caller, qb, query, byDue('t'));
  }

  /** Which open tickets are in one of the caller's work lists. */
  private workListWhere(list: WorkList, caller: Caller): SelectQueryBuilder<Ticket> {
    const qb = this.bare().where('t.is_open = :open', { open: true });
    if (list === 'tasks') return qb.andWhere('t.assignee_id = :me', { me: caller.userId });
    const scopes = scopesWith(caller.assignments, WORK_LIST_PERMISSION[list]);
    return qb.andWhere(new Brackets((b) => (list === 'inbox' ? handledIn(b, scopes) : supervisedIn(b, scopes))));
  }

  /** 工单查询: tickets of one compound, closed ones included, newest first, for anyone who may read them there. */
  async search(caller: Caller, query: TicketSearchQueryDto): Promise<Page<TicketView>> {
    return this.page(caller, await this.searchWhere(caller, query), query, byId('t', 'DESC'));
  }

  /**
   * The tickets a search matches, as a query on `tickets` alone (the export counts it, then walks it):
   * the caller must read tickets of the compound (404/403 otherwise), and still sees only the rows
   * their own scopes reach (a company's staff: not what the community handles for the compound).
   */
  async searchWhere(caller: Caller, query: TicketExportQuery): Promise<SelectQueryBuilder<Ticket>> {
    // A 楼长 reads one building's tickets: a search naming a building they read is theirs to make.
    const building = query.buildingId ? ({ type: 'building', id: query.buildingId } as const) : null;
    if (!building || !(await this.access.can(caller, 'ticket.read', building))) {
      await this.access.require(caller, 'ticket.read', { type: 'compound', id: query.compoundId });
    }
    const problems: FieldError[] = [];
    if (query.status && query.group && !(TICKET_STATUS_GROUPS[query.group] as readonly string[]).includes(query.status)) {
      problems.push({ field: 'status', problems: [`status ${query.status} is not in group ${query.group}`] });
    }
    if (
      query.buildingId &&
      !(await this.db.getRepository(Building).existsBy({ id: query.buildingId, compoundId: query.compoundId }))
    ) {
      problems.push({ field: 'buildingId', problems: ['not a building of this compound'] });
    }
    if (query.categoryId && !(await this.categoryOffered(query.categoryId, query.compoundId))) {
      problems.push({ field: 'categoryId', problems: ['not a category of this compound'] });
    }
    if (problems.length) throw unprocessable('VALIDATION_FAILED', problems);

    const qb = this.bare().where('t.compound_id = :c', { c: query.compoundId });
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    if (query.group) qb.andWhere('t.status IN (:...group)', { group: [...TICKET_STATUS_GROUPS[query.group]] });
    if (query.buildingId) qb.andWhere('t.building_id = :building', { building: query.buildingId });
    if (query.q !== undefined) matchText(qb, query.q);
    this.filters(qb, query);
    return applyScopeFilter(qb, scopesWith(caller.assignments, 'ticket.read'), {
      street: 't.street_id',
      community: 't.community_id',
      company: 't.handler_company_id',
      compound: 't.compound_id',
      building: 't.building_id',
      grid: (p) => `t.building_id IN (SELECT b.id FROM buildings b WHERE b.grid_id IN (:...${p}))`,
    });
  }

  /**
   * Tickets the handler might merge this one into: same compound and category, same building when the
   * ticket names one, reported within LIMITS.similarTicketDays, not merged duplicates themselves, and
   * only those merge would take (isMergeTarget: open), newest first. Asked by whoever may merge it now:
   * the same answer as the merge button (403 not the handler, 409 not in a state to merge, 404 unseen).
   */
  async duplicateCandidates(caller: Caller, id: number): Promise<TicketView[]> {
    const { ticket, rel } = await this.loader.load(caller, id);
    assertMayTake('merge', rel, ticket);
    const since = new Date(this.clock.now().getTime() - LIMITS.similarTicketDays * DAY_MS);
    // Walks idx_tickets_compound_category (compound_id, category_id, is_open, id). The same compound,
    // another ticket, open: isMergeTarget's conditions, so the page is not spent on tickets it refuses.
    const qb = this.bare()
      .select('t.id', 'id')
      .where('t.compound_id = :c AND t.category_id = :k AND t.is_open = :open AND t.id <> :id', {
        c: ticket.compoundId,
        k: ticket.categoryId,
        open: true,
        id,
      })
      .andWhere('t.duplicate_of_id IS NULL AND t.created_at >= :since', { since });
    if (ticket.buildingId !== null) qb.andWhere('t.building_id = :b', { b: ticket.buildingId });
    const rows = await qb.orderBy('t.id', 'DESC').limit(DUPLICATE_CANDIDATES_MAX).getRawMany<{ id: number | string }>();
    const ids = rows.map((r) => Number(r.id));
    const loaded = await this.loader.loadMany(caller, ids);
    return ids
      .map((i) => loaded.get(i))
      .filter((l): l is LoadedTicket => !!l?.rel.canRead && isMergeTarget(ticket, l.ticket))
      .map(({ ticket: t, rel: r, handlerName }) => ticketView(t, r, handlerName, []));
  }

  /** A shared default category, or one of the compound's own. */
  private categoryOffered(categoryId: number, compoundId: number): Promise<boolean> {
    return this.db
      .getRepository(Category)
      .createQueryBuilder('k')
      .where('k.id = :id AND (k.compound_id IS NULL OR k.compound_id = :compound)', { id: categoryId, compound: compoundId })
      .getExists();
  }

  /**
   * Lists pick their page from `tickets` alone and join the rest by id afterwards: with the joins in
   * the same query MariaDB sometimes starts from `compounds` and sorts, instead of walking the inbox
   * index (bench: 5 req/s vs 260 req/s on 1M tickets).
   */
  private bare(): SelectQueryBuilder<Ticket> {
    return this.db.getRepository(Ticket).createQueryBuilder('t');
  }

  private workListFilters(qb: SelectQueryBuilder<Ticket>, query: InboxQuery): void {
    if (query.status) {
      if (!OPEN_STATUSES.includes(query.status)) {
        throw unprocessable('VALIDATION_FAILED', [{ field: 'status', problems: ['inboxes hold open tickets only'] }]);
      }
      qb.andWhere('t.status = :status', { status: query.status });
    }
    if (query.compoundId) qb.andWhere('t.compound_id = :compound', { compound: query.compoundId });
    this.filters(qb, query);
  }

  /** What the inboxes and 工单查询 filter alike: kind, category, deadlines, creation time (已完成: resolution time). */
  private filters(qb: SelectQueryBuilder<Ticket>, query: SharedFilters, timeColumn = 't.created_at'): void {
    if (query.from && query.to && Date.parse(query.from) >= Date.parse(query.to)) {
      throw unprocessable('VALIDATION_FAILED', [{ field: 'to', problems: ['to must be later than from'] }]);
    }
    if (query.kind) qb.andWhere('t.kind = :kind', { kind: query.kind });
    if (query.categoryId) qb.andWhere('t.category_id = :category', { category: query.categoryId });
    if (query.breached) {
      // Breached: a deadline was missed (the sweeper marked it), or the one that matters now has passed.
      // The negation must not lose the rows with no due date (NULL < now is NULL, and NOT NULL is NULL).
      const late = '(t.accept_breached = :yes OR t.resolve_breached = :yes OR COALESCE(t.due_at < :now, :no))';
      qb.andWhere(query.breached === 'true' ? late : `NOT ${late}`, { yes: true, no: false, now: this.clock.now() });
    }
    if (query.from) qb.andWhere(`${timeColumn} >= :from`, { from: new Date(query.from) });
    if (query.to) qb.andWhere(`${timeColumn} < :to`, { to: new Date(query.to) });
  }

  /** A page in two statements: its ids from `tickets` alone, then the tickets with all they show (TicketLoader.loadMany). */
  private async page(
    caller: Caller,
    qb: SelectQueryBuilder<Ticket>,
    query: { cursor?: string; limit?: number },
    keys: KeysetKey<Ticket>[],
    /** Besides id and dueAt, the columns the keys read (the cursor is made from them). */
    keyColumns: string[] = [],
  ): Promise<Page<TicketView>> {
    // Only the keys: the page is an index walk (covering, for the inboxes), the rows come next.
    const page = await keysetPage(qb.select(['t.id', 't.dueAt', ...keyColumns]), query, keys);
    const loaded = await this.loader.loadMany(
      caller,
      page.items.map((t) => t.id),
    );
    const items = page.items
      .map((t) => loaded.get(t.id))
      // A list's WHERE picks rows by column (assignee, handler); reading still needs a current role.
      .filter((l): l is LoadedTicket => !!l?.rel.canRead)
      .map(({ ticket, rel, handlerName }) => ticketView(ticket, rel, handlerName, []));
    return { items, nextCursor: page.nextCursor };
  }
}
