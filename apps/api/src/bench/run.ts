import { randomBytes } from 'node:crypto';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { createConnection, type Connection, type ResultSetHeader, type RowDataPacket } from 'mysql2/promise';
import { toMysqlUri } from '../common/database/database-url';
import { inboxSql, mineSql } from './ceiling';
import { DEFAULT_BENCH_DATABASE_URL, seed, type SeedResult } from './seed';
import type { CeilingActors } from './server';
import { ServerProcess } from './server-process';
import { runStreetMonthBench, STREET_MONTH_SCENARIO } from './street-month';
import { runVisitsSyncBench, VISITS_SYNC_SCENARIO } from './visits-sync';
import { runWechatNotifyBench, WECHAT_NOTIFY_SCENARIO } from './wechat-notify';

/**
 * `pnpm bench`: seeds (or reuses) a database of ≥ 1M tickets, starts the real API and the
 * hand-written ceiling in their own processes, and loads each with autocannon on 127.0.0.1 for a
 * bounded time: ticket creation, the manager inbox (first and a deep keyset page) and the reporter's
 * list. Prints req/s, p50/p99, failures and SQL statements per request, the API/ceiling ratio, and
 * the index each list query uses. Exits non-zero when any request failed or a page came back empty.
 *
 * Settings: BENCH_DATABASE_URL, BENCH_TICKETS (1000000), BENCH_SECONDS (10), BENCH_CONNECTIONS (16),
 * BENCH_WARMUP_SECONDS (2), BENCH_DEEP_OFFSET (2000), BENCH_ROUNDS (3), BENCH_RESEED=1, BENCH_ONLY (scenario names,
 * comma-separated: run only those), BENCH_PROFILE_DIR (write a V8 CPU profile of each server there).
 *
 * Then, "wechat notifications" (wechat-notify.ts): WeChat Pay notifications with duplicates on a database
 * of its own; `BENCH_ONLY='wechat notifications'` runs it alone without the ticket seed (~30 s).
 * Then "visits sync" (visits-sync.ts): a community's 30 grid workers syncing a day's visits at once,
 * every batch twice; `BENCH_ONLY='visits sync'` runs it alone.
 * Last, "street month figures" (street-month.ts): a street's 考核指标 and board on a year of 1M tickets,
 * timed in process, with EXPLAIN; `BENCH_ONLY='street month figures'` runs it alone.
 */

const int = (name: string, fallback: number, min: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${raw}`);
  return value;
};

interface Settings {
  url: string;
  tickets: number;
  seconds: number;
  warmup: number;
  connections: number;
  deepOffset: number;
  reseed: boolean;
  only: string[];
  profileDir: string | null;
  rounds: number;
}

function settings(): Settings {
  return {
    url: process.env.BENCH_DATABASE_URL || DEFAULT_BENCH_DATABASE_URL,
    tickets: int('BENCH_TICKETS', 1_000_000, 1000),
    seconds: int('BENCH_SECONDS', 10, 1),
    warmup: int('BENCH_WARMUP_SECONDS', 2, 0),
    connections: int('BENCH_CONNECTIONS', 16, 1),
    deepOffset: int('BENCH_DEEP_OFFSET', 2000, 1),
    reseed: process.env.BENCH_RESEED === '1',
    only: (process.env.BENCH_ONLY ?? '')
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean),
    profileDir: process.env.BENCH_PROFILE_DIR ? resolve(process.env.BENCH_PROFILE_DIR) : null,
    rounds: int('BENCH_ROUNDS', 3, 1),
  };
}

// ---------------------------------------------------------------- actors

/** Residents reporting at once in the create scenario: one per connection. */
const REPORTERS = 16;

interface Actors extends CeilingActors {
  company: number;
  companyOpen: number;
  managerPhone: string;
  readerPhone: string;
  readerTickets: number;
  /**
   * Residents who report during the create scenario, one per connection: the API takes a lock on the
   * reporter (one report per person at a time), so one person sending everything would measure that
   * lock, not the system. The API's reporters and the ceiling's (creatorIds) are different people, so
   * neither inflates the other's daily count.
   */
  apiCreatorPhones: string[];
  compoundId: number;
  categoryId: number;
  deepCursor: string;
  deepOffset: number;
}

const one = async <T>(db: Connection, sql: string, params: unknown[] = []): Promise<T> => {
  const [rows] = await db.query<RowDataPacket[]>(sql, params);
  if (!rows.length) throw new Error(`no row for: ${sql}`);
  return rows[0] as T;
};

async function pickActors(db: Connection, deepOffset: number): Promise<Actors> {
  const busiest = await one<{ company: number; n: number }>(
    db,
    "SELECT handler_company_id AS company, COUNT(*) AS n FROM tickets WHERE is_open = 1 AND handler_type = 'company' GROUP BY handler_company_id ORDER BY n DESC LIMIT 1",
  );
  const manager = await one<{ id: number; phone: string }>(
    db,
    "SELECT u.id, u.phone FROM role_assignments a JOIN users u ON u.id = a.user_id WHERE a.role = 'manager' AND a.scope_type = 'company' AND a.scope_id = ? ORDER BY u.id LIMIT 1",
    [busiest.company],
  );
  const reader = await one<{ id: number; n: number }>(
    db,
    'SELECT reporter_id AS id, COUNT(*) AS n FROM tickets WHERE reporter_id IS NOT NULL GROUP BY reporter_id ORDER BY n DESC, reporter_id LIMIT 1',
  );
  const readerUser = await one<{ phone: string }>(db, 'SELECT phone FROM users WHERE id = ?', [reader.id]);
  const compound = await one<{ id: number }>(
    db,
    "SELECT id FROM compounds WHERE company_id = ? AND management_mode = 'company' ORDER BY id LIMIT 1",
    [busiest.company],
  );
  const [creators] = await db.query<RowDataPacket[]>(
    "SELECT u.id, u.phone FROM household_members m JOIN users u ON u.id = m.user_id WHERE m.compound_id = ? AND m.status = 'verified' ORDER BY u.id LIMIT ?",
    [compound.id, 2 * REPORTERS],
  );
  if (creators.length < 2 * REPORTERS) throw new Error(`compound ${compound.id} has fewer than ${2 * REPORTERS} residents`);
  const category = await one<{ id: number }>(
    db,
    "SELECT id FROM categories WHERE compound_id IS NULL AND kind = 'repair' AND active = 1 ORDER BY sort, id LIMIT 1",
  );
  // The deep page starts where a manager who paged through ~deepOffset tickets would be: read the
  // keyset position with SQL and encode it as the API's cursor ([dueAt ISO, id], base64url JSON).
  const offset = Math.min(deepOffset, Math.max(0, Number(busiest.n) - 40));
  const position = await one<{ due_at: Date; id: number }>(
    db,
    "SELECT due_at, id FROM tickets WHERE is_open = 1 AND handler_type = 'company' AND handler_company_id = ? ORDER BY due_at, id LIMIT 1 OFFSET ?",
    [busiest.company, offset],
  );
  return {
    company: Number(busiest.company),
    companyOpen: Number(busiest.n),
    managerId: Number(manager.id),
    managerPhone: manager.phone,
    readerId: Number(reader.id),
    readerPhone: readerUser.phone,
    readerTickets: Number(reader.n),
    apiCreatorPhones: creators.slice(0, REPORTERS).map((c) => String(c.phone)),
    creatorIds: creators.slice(REPORTERS).map((c) => Number(c.id)),
    compoundId: Number(compound.id),
    categoryId: Number(category.id),
    deepCursor: Buffer.from(JSON.stringify([position.due_at.toISOString(), Number(position.id)])).toString('base64url'),
    deepOffset: offset,
  };
}

// ---------------------------------------------------------------- scenarios

interface Target {
  name: 'api' | 'ceiling';
  server: ServerProcess;
  url: string;
  headers: Record<string, string>;
  /** Header sets taken in turn, request by request (several reporters). */
  rotate?: Array<Record<string, string>>;
}

interface Scenario {
  name: string;
  method: 'GET' | 'POST';
  body?: string;
  /** What a correct response looks like, checked once per target before the load. */
  check: (status: number, body: any) => string | null;
  targets: Target[];
}

interface Row {
  scenario: string;
  target: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  statementsPerRequest: number;
  requests: number;
}

const listCheck = (status: number, body: any): string | null => {
  if (status !== 200) return `status ${status}`;
  if (!Array.isArray(body?.items) || body.items.length === 0) return 'no items';
  return null;
};

async function probe(
  scenario: Scenario,
  target: Target,
): Promise<{ problem: string | null; items: number | null; firstId: unknown }> {
  const res = await fetch(target.url, {
    method: scenario.method,
    headers: { ...target.headers, ...target.rotate?.[0] },
    body: scenario.body,
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  const problem = scenario.check(res.status, body);
  const items = Array.isArray(body?.items) ? body.items.length : null;
  const first = items ? body.items[0] : body;
  return { problem: problem ? `${problem}: ${text.slice(0, 300)}` : null, items, firstId: first?.id ?? first?.t_id };
}

async function load(scenario: Scenario, target: Target, seconds: number, connections: number): Promise<autocannon.Result> {
  let turn = 0;
  const rotate = target.rotate;
  return autocannon({
    url: target.url,
    method: scenario.method,
    headers: target.headers,
    body: scenario.body,
    connections,
    duration: seconds,
    ...(rotate
      ? {
          requests: [
            {
              setupRequest: (req: { headers?: Record<string, string> }) => ({
                ...req,
                headers: { ...req.headers, ...rotate[turn++ % rotate.length] },
              }),
            },
          ],
        }
      : {}),
  });
}

// ---------------------------------------------------------------- EXPLAIN

interface ExplainRow {
  table: string;
  type: string;
  key: string | null;
  rows: number;
  Extra: string | null;
}

async function explain(db: Connection, label: string, sql: string, params: unknown[]): Promise<string[]> {
  const [rows] = await db.query<RowDataPacket[]>(`EXPLAIN ${sql}`, params);
  const lines: string[] = [];
  for (const r of rows as ExplainRow[]) {
    // A page of 20 should walk one index in order: a scan, a temporary table or a sort anywhere in the
    // plan means the database reads far more than the page (the first ticket of the plan should be `t`).
    const warn =
      (r.table === 't' && (!r.key || r.type === 'ALL')) ||
      /filesort|temporary/i.test(r.Extra ?? '') ||
      (r.type === 'ALL' && r.table !== 't')
        ? '   <-- scan/sort: not an ordered index walk'
        : '';
    lines.push(
      `  ${label.padEnd(18)} ${String(r.table).padEnd(9)} type=${String(r.type).padEnd(7)} key=${String(r.key ?? 'NULL').padEnd(28)} rows=${String(r.rows).padEnd(7)} ${r.Extra ?? ''}${warn}`,
    );
  }
  return lines;
}

// ---------------------------------------------------------------- output

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function table(rows: Row[]): string {
  const head = ['scenario', 'target', 'req/s', 'p50 ms', 'p99 ms', 'errors/non-2xx', 'SQL/req', 'requests'];
  const body = rows.map((r) => [
    r.scenario,
    r.target,
    fmt(r.rps),
    fmt(r.p50, 1),
    fmt(r.p99, 1),
    `${r.errors}/${r.non2xx}`,
    String(r.statementsPerRequest),
    fmt(r.requests),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [
    line(head),
    `|${widths.map((w, i) => (i < 2 ? `-${'-'.repeat(w)}-` : `-${'-'.repeat(w)}:`)).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}

// ---------------------------------------------------------------- main

async function main(): Promise<number> {
  const s = settings();
  const log = (line: string) => console.log(line);
  const isolated = [WECHAT_NOTIFY_SCENARIO, VISITS_SYNC_SCENARIO, STREET_MONTH_SCENARIO];
  const wants = (name: string) => !s.only.length || s.only.includes(name);
  const onlyIsolated = s.only.length > 0 && s.only.every((name) => isolated.includes(name));
  const ticketCode = onlyIsolated ? 0 : await ticketBench(s, log);
  const notifyCode = wants(WECHAT_NOTIFY_SCENARIO) ? await notifyBench(s, log) : 0;
  const visitsCode = wants(VISITS_SYNC_SCENARIO) ? await visitsBench(s, log) : 0;
  const monthCode = wants(STREET_MONTH_SCENARIO) ? await streetMonthBench(s, log) : 0;
  return Math.max(ticketCode, notifyCode, visitsCode, monthCode);
}

/** A street's month of figures on a year of 1M tickets; fails when a query does not use its index. */
async function streetMonthBench(s: Settings, log: (line: string) => void): Promise<number> {
  const r = await runStreetMonthBench(
    { url: s.url, tickets: int('BENCH_MONTH_TICKETS', 1_000_000, 1000), reseed: s.reseed },
    log,
  );
  const [counting, kept, changed] = r.viewSeconds;
  log('');
  log(
    `${STREET_MONTH_SCENARIO}: ${r.month}, ${fmt(r.ticketsInMonth)} tickets in the month; view ${fmt(counting, 2)} s counting every ticket, ` +
      `${fmt(kept, 2)} s from the kept counts, ${fmt(changed, 2)} s after one ticket changed (the month + 5 months of trend); ` +
      `compute ${fmt(r.computeSeconds, 2)} s; peak RSS ${fmt(r.peakRssMb)} MB`,
  );
  const warm = Math.max(kept, changed);
  log(
    `${STREET_MONTH_SCENARIO}: per-compound-month counts ${
      warm > SUMMARY_TABLE_SECONDS
        ? `NOT ENOUGH — the view still takes ${fmt(warm, 1)} s (> ${SUMMARY_TABLE_SECONDS} s) with them`
        : `enough — ${fmt(warm, 1)} s (≤ ${SUMMARY_TABLE_SECONDS} s) once kept, against ${fmt(counting, 1)} s counting every ticket`
    }`,
  );
  const problems = r.explain.filter((e) => !e.usesIndex).map((e) => `${e.query} does not use its index (${e.keys.join(', ')})`);
  if (!problems.length) return 0;
  log('FAILED:');
  for (const p of problems) log(`  - ${STREET_MONTH_SCENARIO}: ${p}`);
  return 1;
}

/** Beyond this, a dashboard page waits too long for a street's month: summarise instead of scanning. */
const SUMMARY_TABLE_SECONDS = 3;

/** Grid workers syncing at once, on their own database and API process; fails when a count is off. */
async function visitsBench(s: Settings, log: (line: string) => void): Promise<number> {
  const r = await runVisitsSyncBench(
    { url: s.url, workers: int('BENCH_VISIT_WORKERS', 30, 1), visitsPerWorker: int('BENCH_VISITS_PER_WORKER', 60, 1) },
    log,
  );
  log('');
  log(
    `${VISITS_SYNC_SCENARIO}: ${fmt(r.requests)} sync requests (${fmt(r.visitsSent)} visits) in ${fmt(r.seconds, 1)} s = ` +
      `${fmt(r.requestsPerSecond)} requests/s, ${fmt(r.visitsPerSecond)} visits/s; p50 ${fmt(r.p50, 1)} ms  p99 ${fmt(r.p99, 1)} ms`,
  );
  log(`${VISITS_SYNC_SCENARIO}: ${r.stored} visits stored of ${r.expected} made; answers ${JSON.stringify(r.statuses)}`);
  const problems = [
    r.stored !== r.expected && `${r.stored} visits stored for ${r.expected} made`,
    (r.statuses.stored ?? 0) !== r.expected && `${r.statuses.stored ?? 0} answered stored, ${r.expected} expected`,
    Object.keys(r.failed).length > 0 && `answers other than 200: ${JSON.stringify(r.failed)}`,
  ].filter((p): p is string => typeof p === 'string');
  if (!problems.length) return 0;
  log('FAILED:');
  for (const p of problems) log(`  - ${VISITS_SYNC_SCENARIO}: ${p}`);
  return 1;
}

/** The notification scenario, on its own database and API process; fails when a count is off. */
async function notifyBench(s: Settings, log: (line: string) => void): Promise<number> {
  const r = await runWechatNotifyBench(
    {
      url: s.url,
      orders: int('BENCH_NOTIFY_ORDERS', 200, 1),
      copies: int('BENCH_NOTIFY_COPIES', 5, 1),
      concurrency: int('BENCH_NOTIFY_CONCURRENCY', 20, 1),
    },
    log,
  );
  const orders = r.notifications / int('BENCH_NOTIFY_COPIES', 5, 1);
  log('');
  log(
    `${WECHAT_NOTIFY_SCENARIO}: ${fmt(r.notifications)} in ${fmt(r.seconds, 1)} s = ${fmt(r.perSecond)} notifications/s; ` +
      `p50 ${fmt(r.p50, 1)} ms  p99 ${fmt(r.p99, 1)} ms  max ${fmt(r.max, 1)} ms; refused ${JSON.stringify(r.refused)}`,
  );
  log(
    `${WECHAT_NOTIFY_SCENARIO}: ${r.payments} payments and ${r.ordersPaid} paid orders for ${orders} orders (exactly ${orders} expected)`,
  );
  const problems = [
    r.payments !== orders && `${r.payments} payments for ${orders} orders`,
    r.ordersPaid !== orders && `${r.ordersPaid} paid orders of ${orders}`,
    Object.keys(r.refused).length > 0 && `answers other than 204: ${JSON.stringify(r.refused)}`,
  ].filter((p): p is string => typeof p === 'string');
  if (!problems.length) return 0;
  log('FAILED:');
  for (const p of problems) log(`  - ${WECHAT_NOTIFY_SCENARIO}: ${p}`);
  return 1;
}

/** The ticket scenarios: API against the hand-written ceiling on the ≥ 1M-ticket database. */
async function ticketBench(s: Settings, log: (line: string) => void): Promise<number> {
  const seeded: SeedResult = await seed({ url: s.url, tickets: s.tickets, reseed: s.reseed, log });

  const db = await createConnection({ uri: toMysqlUri(s.url), timezone: 'Z' });
  const servers: ServerProcess[] = [];
  /** Tickets with a higher id were created by this run. */
  let createdAfter: number | null = null;
  try {
    const [[version]] = await db.query<RowDataPacket[]>('SELECT VERSION() AS v, (SELECT COUNT(*) FROM tickets) AS tickets');
    const actors = await pickActors(db, s.deepOffset);
    log(
      `bench: ${fmt(Number(version.tickets))} tickets on ${version.v}; busiest company ${actors.company} has ${fmt(actors.companyOpen)} open tickets ` +
        `(manager ${actors.managerPhone}); reader ${actors.readerPhone} has ${actors.readerTickets} tickets; deep page at row ${actors.deepOffset}`,
    );

    const apiEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: s.url,
      DATA_DIR: join(tmpdir(), 'doorstep-bench'),
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      SWEEP_INTERVAL_MS: '0',
      DISPATCH_INTERVAL_MS: '0',
      // Thousands of reports by one person in seconds: the caps would turn the run into 429s.
      TICKET_DAILY_CAP: '100000000',
      TICKET_QR_DAILY_CAP: '100000000',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      ACCESS_TOKEN_TTL_SECONDS: '86400',
      H5_DIR: '',
      CORS_ORIGINS: '',
    };
    const [api, ceiling] = await Promise.all([
      ServerProcess.start('api', apiEnv, actors, s.profileDir),
      ServerProcess.start('ceiling', apiEnv, actors, s.profileDir),
    ]);
    servers.push(api, ceiling);
    const apiBase = `http://127.0.0.1:${api.port}/api/v1`;
    const ceilingBase = `http://127.0.0.1:${ceiling.port}`;
    const [managerToken, readerToken, ...creatorTokens] = await Promise.all([
      api.signIn(actors.managerPhone),
      api.signIn(actors.readerPhone),
      ...actors.apiCreatorPhones.map((phone) => api.signIn(phone)),
    ]);
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const json = { 'content-type': 'application/json' };
    const deep = `limit=20&cursor=${actors.deepCursor}`;

    // Reads first, on the data as seeded; creation last, and its tickets are deleted afterwards, so every
    // run (and the next one) reads the same inbox.
    const allScenarios: Scenario[] = [
      {
        name: 'inbox first page',
        method: 'GET',
        check: listCheck,
        targets: [
          { name: 'api', server: api, url: `${apiBase}/tickets/inbox?limit=20`, headers: bearer(managerToken) },
          { name: 'ceiling', server: ceiling, url: `${ceilingBase}/tickets/inbox?limit=20`, headers: {} },
        ],
      },
      {
        name: `inbox deep page`,
        method: 'GET',
        check: listCheck,
        targets: [
          { name: 'api', server: api, url: `${apiBase}/tickets/inbox?${deep}`, headers: bearer(managerToken) },
          { name: 'ceiling', server: ceiling, url: `${ceilingBase}/tickets/inbox?${deep}`, headers: {} },
        ],
      },
      {
        name: 'reporter list',
        method: 'GET',
        check: listCheck,
        targets: [
          { name: 'api', server: api, url: `${apiBase}/tickets/mine?limit=20`, headers: bearer(readerToken) },
          { name: 'ceiling', server: ceiling, url: `${ceilingBase}/tickets/mine?limit=20`, headers: {} },
        ],
      },
      {
        name: 'create ticket',
        method: 'POST',
        body: JSON.stringify({
          compoundId: actors.compoundId,
          categoryId: actors.categoryId,
          description: '基准测试：卫生间水管漏水，请尽快处理',
        }),
        check: (status, body) => (status === 201 && Number.isInteger(body?.id ?? body?.t_id) ? null : `status ${status}`),
        targets: [
          { name: 'api', server: api, url: `${apiBase}/tickets`, headers: json, rotate: creatorTokens.map(bearer) },
          {
            name: 'ceiling',
            server: ceiling,
            url: `${ceilingBase}/tickets`,
            headers: json,
            rotate: actors.creatorIds.map((id) => ({ 'x-user-id': String(id) })),
          },
        ],
      },
    ];
    const scenarios = s.only.length ? allScenarios.filter((sc) => s.only.includes(sc.name)) : allScenarios;
    if (!scenarios.length)
      throw new Error(
        `BENCH_ONLY names no scenario; there are: ${[...allScenarios.map((sc) => sc.name), WECHAT_NOTIFY_SCENARIO].join(', ')}`,
      );

    const deepKey = JSON.parse(Buffer.from(actors.deepCursor, 'base64url').toString('utf8')) as [string, number];
    // The plan is read just before the load and again after it: InnoDB's statistics are sampled and
    // recalculated in the background, and the inbox plan has been seen to flip between the two.
    const plans = async () => [
      ...(await explain(db, 'inbox first page', inboxSql(1, false), [true, actors.company, 21])),
      ...(await explain(db, 'inbox deep page', inboxSql(1, true), [
        true,
        actors.company,
        new Date(deepKey[0]),
        new Date(deepKey[0]),
        deepKey[1],
        21,
      ])),
      ...(await explain(db, 'reporter list', mineSql(false), [actors.readerId, 21])),
    ];
    const planBefore = await plans();

    const rows: Row[] = [];
    const problems: string[] = [];
    log(
      `bench: ${s.connections} connections, ${s.rounds} rounds of ${s.warmup} s warm-up + ${s.seconds} s per scenario and target (medians); load generator, servers and MariaDB share ${cpus().length} cores`,
    );
    for (const scenario of scenarios) {
      if (scenario.method === 'POST' && createdAfter === null) {
        createdAfter = (await one<{ id: number }>(db, 'SELECT COALESCE(MAX(id), 0) AS id FROM tickets')).id;
      }
      const firstIds: unknown[] = [];
      const statementsOf = new Map<Target, number>();
      for (const target of scenario.targets) {
        // Statements are counted around this one request, alone on its server: exact, unlike a count
        // over the load, whose requests still in flight at the end would be charged to the finished ones.
        // A first request before it: what a server does once (learning a caller) is not per request.
        await probe(scenario, target);
        const statementsBefore = await target.server.statements();
        const probed = await probe(scenario, target);
        statementsOf.set(target, (await target.server.statements()) - statementsBefore);
        if (probed.problem) problems.push(`${scenario.name} (${target.name}): ${probed.problem}`);
        firstIds.push(probed.firstId);
        if (probed.items !== null)
          log(`check: ${scenario.name} (${target.name}) returned ${probed.items} items, first id ${String(probed.firstId)}`);
      }
      // Rounds alternate which target goes first, and each figure is the median of its rounds: on a
      // shared two-core machine one 10 s run of the same server has been seen to vary by a third.
      const results = new Map<Target, autocannon.Result[]>(scenario.targets.map((t) => [t, []]));
      for (let round = 0; round < s.rounds; round++) {
        const order = round % 2 === 0 ? scenario.targets : [...scenario.targets].reverse();
        for (const target of order) {
          if (s.warmup) await load(scenario, target, s.warmup, s.connections);
          const result = await load(scenario, target, s.seconds, s.connections);
          results.get(target)!.push(result);
          log(
            `run: ${scenario.name.padEnd(16)} ${target.name.padEnd(7)} round ${round + 1}/${s.rounds} ${fmt(result.requests.average).padStart(6)} req/s  p50 ${fmt(result.latency.p50, 1)} ms  p99 ${fmt(result.latency.p99, 1)} ms  errors ${result.errors + result.timeouts}  non-2xx ${result.non2xx}`,
          );
        }
      }
      for (const target of scenario.targets) {
        const runs = results.get(target)!;
        const row: Row = {
          scenario: scenario.name,
          target: target.name,
          rps: median(runs.map((r) => r.requests.average)),
          p50: median(runs.map((r) => r.latency.p50)),
          p99: median(runs.map((r) => r.latency.p99)),
          errors: runs.reduce((n, r) => n + r.errors + r.timeouts, 0),
          non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
          statementsPerRequest: statementsOf.get(target)!,
          requests: runs.reduce((n, r) => n + r.requests.total, 0),
        };
        rows.push(row);
        if (row.errors || row.non2xx)
          problems.push(
            `${scenario.name} (${target.name}): ${row.errors} errors, ${row.non2xx} non-2xx (${runs.map((r) => JSON.stringify(r.statusCodeStats)).join(' ')})`,
          );
        if (!row.requests) problems.push(`${scenario.name} (${target.name}): no request completed`);
      }
      // The API and the ceiling must be reading the same rows, or the ratio compares different work.
      if (scenario.method === 'GET' && firstIds[0] !== firstIds[1]) {
        problems.push(
          `${scenario.name}: API and ceiling disagree on the first item (${String(firstIds[0])} vs ${String(firstIds[1])})`,
        );
      }
    }

    log('');
    log(
      seeded.seeded
        ? `seed: ${fmt(seeded.seconds, 1)} s total; tickets at ${fmt(seeded.ticketRowsPerSecond)} rows/s; all rows ${fmt(seeded.allRowsPerSecond)} rows/s`
        : `seed: skipped (database already held ${fmt(seeded.ticketCount)} tickets)`,
    );
    log(table(rows));
    log('');
    log('API / ceiling:');
    for (const scenario of scenarios) {
      const a = rows.find((r) => r.scenario === scenario.name && r.target === 'api');
      const c = rows.find((r) => r.scenario === scenario.name && r.target === 'ceiling');
      if (!a || !c || !c.rps) continue;
      log(
        `  ${scenario.name.padEnd(17)} throughput ${fmt((100 * a.rps) / c.rps)}% of the ceiling; p50 ${fmt(a.p50 / Math.max(c.p50, 0.1), 1)}×, p99 ${fmt(a.p99 / Math.max(c.p99, 0.1), 1)}×; ` +
          `SQL statements per request ${a.statementsPerRequest} vs ${c.statementsPerRequest}`,
      );
    }
    const planAfter = await plans();
    log('');
    log('EXPLAIN before the load (tickets table is `t`):');
    for (const line of planBefore) log(line);
    // `rows` is an estimate that moves with every sample; only a change of table order, access or key matters.
    const shape = (lines: string[]) => lines.map((l) => l.replace(/rows=\S+( \(\S+\))?/, '')).join('\n');
    if (shape(planAfter) !== shape(planBefore)) {
      log('EXPLAIN after the load differs (statistics were recalculated meanwhile):');
      for (const line of planAfter) log(line);
    }
    if (problems.length) {
      log('');
      log('FAILED:');
      for (const p of problems) log(`  - ${p}`);
      return 1;
    }
    return 0;
  } finally {
    for (const server of servers) server.stop();
    if (createdAfter !== null) {
      // Events go with their ticket (ON DELETE CASCADE); notifications have no foreign key.
      await db.query('DELETE FROM notifications WHERE ticket_id > ?', [createdAfter]);
      const [deleted] = await db.query<ResultSetHeader>('DELETE FROM tickets WHERE id > ?', [createdAfter]);
      log(`cleanup: deleted the ${fmt(deleted.affectedRows)} tickets this run created`);
    }
    await db.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
