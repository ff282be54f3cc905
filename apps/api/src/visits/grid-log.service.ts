import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import {
  GRID_LOG_EXPORT_MAX_DAYS,
  VISIT_KIND_LABELS,
  VISIT_KINDS,
  VISIT_OUTCOME_LABELS,
  VISIT_OUTCOMES,
  type GridLogDayView,
  type VisitKind,
  type VisitOutcome,
} from '@doorstep/contracts';
import { scopesWith } from '../access/policy';
import type { Caller } from '../common/auth/caller';
import { applyScopeFilter } from '../common/database/scope-filter';
import { forbidden, notFound } from '../common/errors/domain-error';
import { validationFailed } from '../common/http/validation';
import { shanghaiClock, shanghaiDate, shanghaiDateStart } from '../common/shanghai-time';
import { iso, rawTime } from '../common/time';
import { SheetWriter, type SheetCell, type SheetColumn } from '../common/xlsx/sheet-writer';
import type { XlsxFile } from '../common/xlsx/xlsx-reply';
import { VisitAccess } from './visit-access';

const DAY_MS = 86_400_000;
type Row = Record<string, unknown>;

/** Whose log is read, and whether it is someone else's (then only what lies in the caller's scopes). */
interface LogSubject {
  id: number;
  name: string;
  own: boolean;
}

interface LoggedVisit {
  kind: VisitKind;
  outcome: VisitOutcome;
  request: boolean;
  followUp: string | null;
  at: Date;
}

/** The Shanghai days from `from` to `to`, inclusive. */
function daysBetween(from: string, to: string): string[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const count = (Date.parse(`${to}T00:00:00Z`) - start) / DAY_MS + 1;
  return Array.from({ length: Math.max(0, count) }, (_, i) => new Date(start + i * DAY_MS).toISOString().slice(0, 10));
}

const zeroes = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** One day's figures from its visits (already in order of time) and the tickets filed that day. */
function dayView(subject: LogSubject, date: string, visits: LoggedVisit[], ticketsFiled: number): GridLogDayView {
  const byKind = zeroes(VISIT_KINDS);
  const byOutcome = zeroes(VISIT_OUTCOMES);
  for (const v of visits) {
    byKind[v.kind]++;
    byOutcome[v.outcome]++;
  }
  const first = visits[0]?.at ?? null;
  const last = visits[visits.length - 1]?.at ?? null;
  const followUps = visits.filter((v) => v.followUp !== null);
  return {
    workerId: subject.id,
    workerName: subject.name,
    date,
    visits: visits.length,
    byKind,
    byOutcome,
    requests: visits.filter((v) => v.request).length,
    ticketsFiled,
    followUps: followUps.length,
    satisfiedFollowUps: followUps.filter((v) => v.followUp === 'satisfied').length,
    firstVisitAt: first && iso(first),
    lastVisitAt: last && iso(last),
    firstVisitTime: first && shanghaiClock(first),
    lastVisitTime: last && shanghaiClock(last),
    spanMinutes: first && last ? Math.round((last.getTime() - first.getTime()) / 60_000) : null,
  };
}

const LOG_COLUMNS: SheetColumn[] = [
  { header: '日期', width: 12 },
  { header: '网格员', width: 12 },
  { header: '走访次数', width: 10 },
  ...VISIT_KINDS.map((k) => ({ header: VISIT_KIND_LABELS[k], width: 10 })),
  ...VISIT_OUTCOMES.map((o) => ({ header: VISIT_OUTCOME_LABELS[o], width: 10 })),
  { header: '诉求', width: 8 },
  { header: '提交工单', width: 10 },
  { header: '回访', width: 8 },
  { header: '回访满意', width: 10 },
  { header: '首次走访', width: 10 },
  { header: '末次走访', width: 10 },
  { header: '首末间隔（小时）', width: 16, numFmt: '0.0' },
];

function logRow(d: GridLogDayView): SheetCell[] {
  return [
    d.date,
    d.workerName,
    d.visits,
    ...VISIT_KINDS.map((k) => d.byKind[k]),
    ...VISIT_OUTCOMES.map((o) => d.byOutcome[o]),
    d.requests,
    d.ticketsFiled,
    d.followUps,
    d.satisfiedFollowUps,
    d.firstVisitTime,
    d.lastVisitTime,
    d.spanMinutes === null ? null : Math.round(d.spanMinutes / 6) / 10,
  ];
}

/**
 * 网格日志: a worker's days, from their visits (by the phone's time, in Shanghai days) and the tickets
 * they filed. A worker reads their own; the community (and the street, the platform) any worker of its
 * grids, and then only the visits and tickets within its own scopes.
 */
@Injectable()
export class GridLogService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly visitAccess: VisitAccess,
    private readonly sheets: SheetWriter,
  ) {}

  async day(caller: Caller, date: string, workerId?: number): Promise<GridLogDayView> {
    const subject = await this.subject(caller, workerId);
    const [view] = await this.days(caller, subject, date, date);
    return view;
  }

  async export(caller: Caller, from: string, to: string, workerId?: number): Promise<XlsxFile> {
    const span = daysBetween(from, to).length;
    if (span < 1 || span > GRID_LOG_EXPORT_MAX_DAYS) {
      throw validationFailed([
        { field: 'to', problems: [`to must be on or after from, at most ${GRID_LOG_EXPORT_MAX_DAYS} days in all`] },
      ]);
    }
    const subject = await this.subject(caller, workerId);
    const days = await this.days(caller, subject, from, to);
    const body = await this.sheets.write([{ name: '网格日志', columns: LOG_COLUMNS, rows: days.map(logRow) }]);
    return { filename: `grid-log-${subject.id}-${from.replace(/-/g, '')}-${to.replace(/-/g, '')}.xlsx`, body };
  }

  /**
   * The caller, or a worker of one of the caller's communities (a grid_worker role on one of its grids).
   * Holding household.care only on grids, a worker reads no colleague's log: 403. Otherwise a worker
   * outside the caller's scopes is not found.
   */
  private async subject(caller: Caller, workerId?: number): Promise<LogSubject> {
    const id = workerId ?? caller.userId;
    if (id !== caller.userId) await this.requireWorkerOfCaller(caller, id);
    const [user]: Row[] = await this.db.query('SELECT id, name FROM users WHERE id = ?', [id]);
    if (!user) throw notFound('USER_NOT_FOUND');
    return { id, name: String(user.name), own: id === caller.userId };
  }

  private async requireWorkerOfCaller(caller: Caller, workerId: number): Promise<void> {
    const scopes = scopesWith(caller.assignments, 'household.care');
    const above = {
      platform: scopes.has('platform'),
      community: scopes.get('community') ?? [],
      street: scopes.get('street') ?? [],
    };
    if (!above.platform && !above.community.length && !above.street.length) throw forbidden({ permission: 'household.care' });
    if (above.platform) return;
    const grids: Row[] = await this.db.query(
      `SELECT g.community_id, c.street_id FROM role_assignments ra
         JOIN grids g ON g.id = ra.scope_id JOIN communities c ON c.id = g.community_id
        WHERE ra.user_id = ? AND ra.role = 'grid_worker' AND ra.scope_type = 'grid'`,
      [workerId],
    );
    const ours = grids.some(
      (g) => above.community.includes(Number(g.community_id)) || above.street.includes(Number(g.street_id)),
    );
    if (!ours) throw notFound('USER_NOT_FOUND');
  }

  private async days(caller: Caller, subject: LogSubject, from: string, to: string): Promise<GridLogDayView[]> {
    const start = shanghaiDateStart(from);
    const end = new Date(shanghaiDateStart(to).getTime() + DAY_MS);
    const visits = await this.visitsOf(caller, subject, start, end);
    const tickets = await this.ticketDays(caller, subject, start, end);
    return daysBetween(from, to).map((date) =>
      dayView(
        subject,
        date,
        visits.filter((v) => shanghaiDate(v.at) === date),
        tickets.filter((d) => d === date).length,
      ),
    );
  }

  /** Along idx_visits_worker_visited, oldest first. */
  private async visitsOf(caller: Caller, subject: LogSubject, start: Date, end: Date): Promise<LoggedVisit[]> {
    const qb = this.db
      .createQueryBuilder()
      .select([
        'v.kind AS kind',
        'v.outcome AS outcome',
        'v.ticket_id AS ticket_id',
        'v.follow_up_outcome AS follow_up',
        'v.visited_at AS at',
      ])
      .from('visits', 'v')
      .where('v.worker_id = :worker AND v.visited_at >= :start AND v.visited_at < :end', { worker: subject.id, start, end })
      .orderBy('v.visited_at', 'ASC')
      .addOrderBy('v.id', 'ASC');
    if (!subject.own) this.visitAccess.filter(qb, caller, { grid: 'v.grid_id', community: 'v.community_id' });
    const rows: Row[] = await qb.getRawMany();
    return rows.map((r) => ({
      kind: r.kind as VisitKind,
      outcome: r.outcome as VisitOutcome,
      request: r.ticket_id !== null && r.ticket_id !== undefined,
      followUp: (r.follow_up as string | null) ?? null,
      at: rawTime(r.at)!,
    }));
  }

  /** The Shanghai day of each ticket the worker filed in the range, along idx_tickets_created_by. */
  private async ticketDays(caller: Caller, subject: LogSubject, start: Date, end: Date): Promise<string[]> {
    const qb: SelectQueryBuilder<Row> = this.db
      .createQueryBuilder()
      .select('t.created_at', 'at')
      .from('tickets', 't')
      .where('t.created_by_id = :worker AND t.created_at >= :start AND t.created_at < :end', { worker: subject.id, start, end });
    if (!subject.own) {
      applyScopeFilter(qb, scopesWith(caller.assignments, 'household.care'), {
        community: 't.community_id',
        street: 't.street_id',
      });
    }
    const rows: Row[] = await qb.getRawMany();
    return rows.map((r) => shanghaiDate(rawTime(r.at)!));
  }
}
