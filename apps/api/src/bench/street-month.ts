import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { INestApplicationContext } from '@nestjs/common';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { createApp } from '../app.factory';
import type { Caller } from '../common/auth/caller';
import { createDataSource } from '../common/database/data-source';
import { toMysqlUri } from '../common/database/database-url';
import { prng } from '../common/prng';
import { shanghaiMonth, shanghaiMonthBounds } from '../common/shanghai-time';
import { FiguresService, monthBefore } from '../figures/figures.service';
import { ScoresService } from '../scores/scores.service';
import { computeDeadlines } from '../tickets/sla';
import { isolatedApiEnv } from './isolated-api';
import { countTickets, dt, insertRows, parseDatabaseUrl } from './seed';

/**
 * `pnpm bench` scenario "street month figures": how long a street's 考核指标 take, counted from every
 * ticket and then from the kept per-compound-month counts (figure_month_counts). One street of ~100 compounds with a year of tickets (1M by default, ~83k a month) and a
 * few per cent of them urged; then FiguresService.view for the street (the month and its 6-month
 * trend) and ScoresService.compute, in process, timed, with the peak RSS, and EXPLAIN of the two
 * queries behind them. The kept counts are what made a street's dashboard answer in time.
 *
 * Settings: BENCH_MONTH_TICKETS (1000000), on a database of its own (BENCH_DATABASE_URL's name +
 * `_month`), seeded once and reused while it holds enough tickets (BENCH_RESEED=1 seeds again).
 */
export const STREET_MONTH_SCENARIO = 'street month figures';

export interface StreetMonthSettings {
  url: string;
  tickets: number;
  reseed: boolean;
}

export interface StreetMonthResult {
  month: string;
  ticketsInMonth: number;
  seedSeconds: number;
  /** view() counting every ticket (an empty figure_month_counts), again from the kept counts, and after one ticket changed. */
  viewSeconds: [number, number, number];
  computeSeconds: number;
  peakRssMb: number;
  explain: Array<{ query: string; keys: string[]; rows: number; usesIndex: boolean }>;
}

const COMMUNITIES = 5;
const COMPANIES = 12;
const COMPANY_COMPOUNDS = 90;
const SHARED_COMPOUNDS = 10;
const COMPOUNDS = COMPANY_COMPOUNDS + SHARED_COMPOUNDS;
const BUILDINGS_PER_COMPOUND = 5;
const HOUSEHOLDS_PER_COMPOUND = 400;
/** Share of tickets the community urges (督办) once. */
const URGED = 0.03;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

const fmt = (n: number, digits = 2) => n.toFixed(digits);

export async function runStreetMonthBench(s: StreetMonthSettings, log: (line: string) => void): Promise<StreetMonthResult> {
  const { serverUri, database } = parseDatabaseUrl(s.url);
  const name = `${database}_month`;
  const url = new URL(toMysqlUri(s.url));
  url.pathname = `/${name}`;
  // The year ends with the last finished month: the measured month and its trend are whole.
  const month = monthBefore(shanghaiMonth(new Date()).label, 1);
  const yearStart = shanghaiMonthBounds(monthBefore(month, 11)).start.getTime();
  const yearEnd = shanghaiMonthBounds(month).end.getTime();

  let seedSeconds = 0;
  const existing = s.reseed ? null : await countTickets(serverUri, name);
  if (existing !== null && existing >= s.tickets) {
    log(
      `${STREET_MONTH_SCENARIO}: ${name} already holds ${existing.toLocaleString('en-US')} tickets; reusing (BENCH_RESEED=1 seeds again)`,
    );
  } else {
    seedSeconds = await seedStreetYear(serverUri, name, url.toString(), s.tickets, yearStart, yearEnd, log);
  }

  const env = isolatedApiEnv(url.toString(), 'month', { LOG_LEVEL: 'error' });
  const { app } = await createApp({ env, database: { url: url.toString(), dataDir: '' } });
  const conn = await createConnection({ uri: url.toString(), timezone: 'Z' });
  try {
    const { start, end } = shanghaiMonthBounds(month);
    const [[count]] = await conn.query<RowDataPacket[]>(
      'SELECT COUNT(*) AS n FROM tickets WHERE street_id = 1 AND created_at >= ? AND created_at < ?',
      [start, end],
    );
    const ticketsInMonth = Number(count.n);
    log(
      `${STREET_MONTH_SCENARIO}: ${month} has ${ticketsInMonth.toLocaleString('en-US')} tickets in a street of ${COMPOUNDS} compounds`,
    );
    const timed = async (what: string, run: () => Promise<unknown>) => {
      const started = process.hrtime.bigint();
      await run();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      log(`${STREET_MONTH_SCENARIO}: ${what} ${fmt(seconds)} s (peak RSS so far ${fmt(peakRssMb(), 0)} MB)`);
      return seconds;
    };
    const street: Caller = {
      userId: 0,
      sessionId: 0,
      name: 'bench',
      assignments: [{ role: 'street_admin', scopeType: 'street', scopeId: 1 }],
    };
    const view = () => viewOf(app, street, month);
    await conn.query('DELETE FROM figure_month_counts');
    const first = await timed('FiguresService.view(street, month + 6-month trend), counting every ticket', view);
    const second = await timed('FiguresService.view(street, month + 6-month trend), again from the kept counts', view);
    const [[one]] = await conn.query<RowDataPacket[]>(
      'SELECT id FROM tickets WHERE street_id = 1 AND created_at >= ? AND created_at < ? ORDER BY id LIMIT 1',
      [start, end],
    );
    await conn.query('UPDATE tickets SET rating = 5, version = version + 1 WHERE id = ?', [one.id]);
    const third = await timed('FiguresService.view(street, month + 6-month trend), after one ticket changed', view);
    const computeSeconds = await timed('ScoresService.compute(street, month)', () => app.get(ScoresService).compute(1, month));
    const explain = await explainFigureQueries(conn, start, end);
    for (const e of explain)
      log(
        `${STREET_MONTH_SCENARIO}: EXPLAIN ${e.query}: key ${e.keys.join(', ') || 'NONE'}, ~${e.rows.toLocaleString('en-US')} rows`,
      );
    return {
      month,
      ticketsInMonth,
      seedSeconds,
      viewSeconds: [first, second, third],
      computeSeconds,
      peakRssMb: peakRssMb(),
      explain,
    };
  } finally {
    await conn.end();
    await app.close();
  }
}

const viewOf = (app: INestApplicationContext, caller: Caller, month: string) =>
  app.get(FiguresService).view(caller, 'street', 1, month);

/** maxRSS is in kilobytes on Linux. */
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

/**
 * The two queries a street's figures stand on, as FiguresService builds them (its ticketQuery and
 * urges, narrowed to the street): a month of the street's tickets, and the month's 督办.
 */
async function explainFigureQueries(conn: Connection, start: Date, end: Date): Promise<StreetMonthResult['explain']> {
  const queries: Array<{ query: string; sql: string; index: string }> = [
    {
      query: "a month's tickets of the street",
      index: 'idx_tickets_street_created',
      sql:
        'SELECT t.id, t.compound_id, t.kind, t.status, t.created_at, t.accepted_at, t.accept_deadline FROM tickets t ' +
        "WHERE t.created_at >= ? AND t.created_at < ? AND t.status <> 'cancelled' AND t.duplicate_of_id IS NULL AND t.street_id = 1",
    },
    {
      query: "a month's urges in the street",
      index: 'idx_ticket_events_action_created',
      sql:
        'SELECT t.compound_id, e.created_at FROM ticket_events e INNER JOIN tickets t ON t.id = e.ticket_id ' +
        "WHERE e.action = 'urge' AND e.created_at >= ? AND e.created_at < ? AND t.street_id = 1",
    },
  ];
  const out: StreetMonthResult['explain'] = [];
  for (const q of queries) {
    const [rows] = await conn.query<RowDataPacket[]>(`EXPLAIN ${q.sql}`, [start, end]);
    const keys = rows.map((r) => `${r.table}:${r.key ?? 'NONE'}`);
    out.push({
      query: q.query,
      keys,
      rows: rows.reduce((n, r) => n + Number(r.rows ?? 0), 0),
      usesIndex: rows.some((r) => r.key === q.index),
    });
  }
  return out;
}

/** A street's year: places, households, a year of tickets with their outcomes, and the urges. Returns seconds. */
async function seedStreetYear(
  serverUri: string,
  name: string,
  url: string,
  tickets: number,
  yearStart: number,
  yearEnd: number,
  log: (line: string) => void,
): Promise<number> {
  const started = Date.now();
  const admin = await createConnection({ uri: serverUri });
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  const dataSource = await createDataSource({ url, dataDir: join(tmpdir(), 'doorstep-bench-month') });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  const conn = await createConnection({ uri: url, timezone: 'Z' });
  try {
    await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
    const [cats] = await conn.query<RowDataPacket[]>(
      'SELECT id, kind, priority, accept_minutes, resolve_hours FROM categories WHERE compound_id IS NULL ORDER BY id',
    );
    const stamp = `'${dt(yearStart - 30 * DAY)}'`;
    await insertRows(
      conn,
      'streets',
      ['id', 'name', 'district', 'created_at', 'updated_at'],
      1,
      () => `(1,'基准街道','基准区',${stamp},${stamp})`,
    );
    await insertRows(
      conn,
      'communities',
      ['id', 'street_id', 'name', 'created_at', 'updated_at'],
      COMMUNITIES,
      (i) => `(${i + 1},1,'社区${i + 1}',${stamp},${stamp})`,
    );
    await insertRows(
      conn,
      'property_companies',
      ['id', 'name', 'created_at', 'updated_at'],
      COMPANIES,
      (i) => `(${i + 1},'物业${i + 1}',${stamp},${stamp})`,
    );
    const companyOf = (k: number) => (k <= COMPANY_COMPOUNDS ? ((k - 1) % COMPANIES) + 1 : 0);
    const communityOf = (k: number) => ((k - 1) % COMMUNITIES) + 1;
    await insertRows(
      conn,
      'compounds',
      ['id', 'community_id', 'name', 'type', 'management_mode', 'company_id', 'created_at', 'updated_at'],
      COMPOUNDS,
      (i) => {
        const k = i + 1;
        const company = companyOf(k);
        return `(${k},${communityOf(k)},'小区${k}','commercial','${company ? 'company' : 'shared'}',${company || 'NULL'},${stamp},${stamp})`;
      },
    );
    await insertRows(
      conn,
      'buildings',
      ['id', 'compound_id', 'name', 'created_at', 'updated_at'],
      COMPOUNDS * BUILDINGS_PER_COMPOUND,
      (i) => {
        const k = Math.floor(i / BUILDINGS_PER_COMPOUND) + 1;
        return `(${i + 1},${k},'${(i % BUILDINGS_PER_COMPOUND) + 1}号楼',${stamp},${stamp})`;
      },
    );
    await insertRows(
      conn,
      'households',
      ['id', 'compound_id', 'building_id', 'unit', 'room', 'area_hundredths', 'created_at', 'updated_at'],
      COMPOUNDS * HOUSEHOLDS_PER_COMPOUND,
      (i) => {
        const k = Math.floor(i / HOUSEHOLDS_PER_COMPOUND) + 1;
        const j = i % HOUSEHOLDS_PER_COMPOUND;
        const building = (k - 1) * BUILDINGS_PER_COMPOUND + (j % BUILDINGS_PER_COMPOUND) + 1;
        return `(${i + 1},${k},${building},'1','${1000 + j}',8000,${stamp},${stamp})`;
      },
    );

    const rand = prng(20260101);
    const span = yearEnd - yearStart;
    const columns = [
      'id',
      'version',
      'created_at',
      'updated_at',
      'compound_id',
      'community_id',
      'street_id',
      'place_label',
      'category_id',
      'kind',
      'source',
      'priority',
      'status',
      'is_open',
      'description',
      'reporter_name',
      'created_by_id',
      'handler_type',
      'handler_company_id',
      'accept_deadline',
      'resolve_deadline',
      'accepted_at',
      'resolved_at',
      'closed_at',
      'accept_breached',
      'escalation_level',
      'rating',
      'follow_up',
    ];
    const ticketsStarted = Date.now();
    const urged: Array<[number, number]> = [];
    await insertRows(conn, 'tickets', columns, tickets, (i) => {
      const id = i + 1;
      const k = 1 + Math.floor(rand() * COMPOUNDS);
      const company = companyOf(k);
      const created = Math.floor(yearStart + (i * span) / tickets + rand() * (span / tickets));
      const cat = cats[Math.floor(rand() * cats.length)];
      const { acceptDeadline, resolveDeadline } = computeDeadlines(new Date(created), {
        acceptMinutes: Number(cat.accept_minutes),
        resolveHours: cat.resolve_hours === null ? null : Number(cat.resolve_hours),
        priority: cat.priority,
      });
      const u = rand();
      const status =
        u < 0.7
          ? 'closed'
          : u < 0.8
            ? 'resolved'
            : u < 0.86
              ? 'in_progress'
              : u < 0.9
                ? 'submitted'
                : u < 0.95
                  ? 'rejected'
                  : 'cancelled';
      const accepted = status !== 'submitted' && status !== 'cancelled' ? created + (1 + rand() * 20) * MINUTE : null;
      const resolved = status === 'closed' || status === 'resolved' ? accepted! + (1 + rand() * 30) * HOUR : null;
      const level = rand() < 0.08 ? (rand() < 0.3 ? 2 : 1) : 0;
      if (rand() < URGED) urged.push([id, created + (1 + rand() * 48) * HOUR]);
      const rating = status === 'closed' && rand() < 0.6 ? 1 + Math.floor(rand() * 5) : null;
      const followUp = status === 'closed' && rand() < 0.2 ? (rand() < 0.9 ? "'satisfied'" : "'unsatisfied'") : 'NULL';
      const t = (ms: number | null) => (ms === null ? 'NULL' : `'${dt(ms)}'`);
      return (
        `(${id},1,'${dt(created)}','${dt(resolved ?? created)}',${k},${communityOf(k)},1,'1号楼',${cat.id},'${cat.kind}','miniapp','${cat.priority}',` +
        `'${status}',${['closed', 'rejected', 'cancelled'].includes(status) ? 0 : 1},'基准工单','居民',1,'${company ? 'company' : 'community'}',` +
        `${company || 'NULL'},${t(acceptDeadline.getTime())},${t(resolveDeadline.getTime())},${t(accepted)},${t(resolved)},` +
        `${status === 'closed' ? t(resolved! + HOUR) : 'NULL'},${accepted !== null && accepted > acceptDeadline.getTime() ? 1 : 0},${level},` +
        `${rating ?? 'NULL'},${followUp})`
      );
    });
    log(
      `${STREET_MONTH_SCENARIO}: ${tickets.toLocaleString('en-US')} tickets in ${fmt((Date.now() - ticketsStarted) / 1000, 1)} s`,
    );
    await insertRows(
      conn,
      'ticket_events',
      ['ticket_id', 'action', 'actor_role', 'actor_name', 'note', 'created_at'],
      urged.length,
      (i) => `(${urged[i][0]},'urge','community_admin','社区书记','请尽快处理','${dt(urged[i][1])}')`,
    );
    await conn.query('ANALYZE TABLE tickets, ticket_events, households, compounds');
  } finally {
    await conn.end();
  }
  const seconds = (Date.now() - started) / 1000;
  log(`${STREET_MONTH_SCENARIO}: seeded ${name} in ${fmt(seconds, 1)} s`);
  return seconds;
}
