import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { createDataSource } from '../common/database/data-source';
import { prng } from '../common/prng';
import { toMysqlUri } from '../common/database/database-url';
import { schedule } from '../tickets/schedule';
import { computeDeadlines } from '../tickets/sla';

/**
 * Seeds the benchmark database: one street of ten communities, twenty property companies with ten
 * compounds each (plus twenty compounds the communities run themselves), 50k households, 100k
 * residents and a million or more tickets. Rows go in as multi-row INSERTs with explicit ids, so the
 * data is the same on every run (seeded PRNG; times are relative to now) and ids follow created_at as
 * they would in production.
 */

export const DEFAULT_BENCH_DATABASE_URL = 'mysql://doorstep:doorstep@127.0.0.1:3306/doorstep_bench';

export interface SeedOptions {
  url: string;
  tickets: number;
  /** Drop and seed again even if the database already holds enough tickets. */
  reseed: boolean;
  log?: (line: string) => void;
}

export interface SeedResult {
  seeded: boolean;
  ticketCount: number;
  /** Whole seed (drop, migrations, every table), seconds; 0 when skipped. */
  seconds: number;
  ticketRowsPerSecond: number;
  allRowsPerSecond: number;
}

// The shape of the seeded world. Ids are explicit and derived from these numbers.
const COMMUNITIES = 10;
const GRIDS_PER_COMMUNITY = 3;
const COMPANIES = 20;
const COMPOUNDS_PER_COMPANY = 10;
/** Compounds without a company (共享物业社 / 自治): their tickets are the community's. */
const COMMUNITY_RUN_COMPOUNDS = 20;
const COMPOUNDS = COMPANIES * COMPOUNDS_PER_COMPANY + COMMUNITY_RUN_COMPOUNDS;
const BUILDINGS_PER_COMPOUND = 10;
const HOUSEHOLDS = 50_000;
/** Two residents per household: the owner and one family member. */
const RESIDENTS = HOUSEHOLDS * 2;
const STAFF_PER_COMPANY = 5;
const MANAGER_BASE = RESIDENTS; // manager of company c is user MANAGER_BASE + c
const STAFF_BASE = MANAGER_BASE + COMPANIES; // staff s of company c is STAFF_BASE + (c-1)*STAFF_PER_COMPANY + s + 1
const ADMIN_BASE = STAFF_BASE + COMPANIES * STAFF_PER_COMPANY; // community admin of community k is ADMIN_BASE + k

/** Rows per INSERT: ~2.5 MB per ticket statement, well under the default 16 MB max_allowed_packet. */
const BATCH = 4000;

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Phones by role prefix, so residents, managers, staff and admins never collide (nor with the demo 13800000001–8). */
export const residentPhone = (userId: number) => `139${String(userId - 1).padStart(8, '0')}`;
export const managerPhone = (companyId: number) => `137${String(companyId).padStart(8, '0')}`;
const staffPhone = (userId: number) => `136${String(userId).padStart(8, '0')}`;
const adminPhone = (communityId: number) => `135${String(communityId).padStart(8, '0')}`;

/** Resident user id → household id (1-based both). */
export const householdOfResident = (userId: number) => ((userId - 1) % HOUSEHOLDS) + 1;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'.split('');
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '玉兰',
  '志强',
  '海燕',
  '晓东',
  '红梅',
  '文博',
  '子涵',
];
const personName = (n: number) => `${SURNAMES[n % SURNAMES.length]}${GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length]}`;

const DESCRIPTIONS = [
  '卫生间水管漏水，楼下邻居天花板已经渗水，麻烦尽快来看看',
  '楼道灯坏了好几天了，晚上上下楼很不方便',
  '电梯按钮失灵，到了楼层也不开门',
  '单元门禁刷卡没反应，老人进不来',
  '厨房下水道堵了，水排不下去',
  '小区门口车辆乱停，消防通道被堵',
  '楼上晚上十一点以后还在装修，噪音很大',
  '垃圾桶满了一天没人清运，味道很大',
  '绿化带的树枝伸到窗户上了，希望修剪一下',
  '建议在三号楼旁边增加几个电动车充电桩',
  '物业费怎么在小程序上缴纳？想咨询一下',
  '楼道里堆了很多杂物，存在消防安全隐患',
];

/** 'YYYY-MM-DD HH:MM:SS.mmm' in UTC: the API talks to MySQL with timezone 'Z'. */
export const dt = (ms: number) => new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
const sqlDate = (d: Date | null) => (d ? `'${dt(d.getTime())}'` : 'NULL');
/** Every string seeded comes from the constants above; the escape is for safety, not for need. */
const str = (s: string | null) => (s === null ? 'NULL' : `'${s.replace(/[\\']/g, (c) => `\\${c}`)}'`);

export interface ParsedUrl {
  serverUri: string;
  database: string;
}

export function parseDatabaseUrl(url: string): ParsedUrl {
  const u = new URL(toMysqlUri(url));
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`BENCH_DATABASE_URL must name a database (letters, digits, _): ${url}`);
  u.pathname = '/';
  return { serverUri: u.toString(), database };
}

/** Inserts `count` rows produced by `row(i)` (a ready SQL tuple), BATCH rows per statement. */
export async function insertRows(
  conn: Connection,
  table: string,
  columns: string[],
  count: number,
  row: (i: number) => string,
  onBatch?: (done: number) => void,
): Promise<void> {
  const head = `INSERT INTO ${table} (${columns.join(',')}) VALUES `;
  // Build the next statement while the server executes the previous one: node and MariaDB each
  // keep a core busy instead of taking turns.
  let inflight: Promise<unknown> | null = null;
  let inflightDone = 0;
  for (let start = 0; start < count; start += BATCH) {
    const end = Math.min(count, start + BATCH);
    const tuples: string[] = new Array(end - start);
    for (let i = start; i < end; i++) tuples[i - start] = row(i);
    const sql = head + tuples.join(',');
    if (inflight) {
      await inflight;
      onBatch?.(inflightDone);
    }
    inflight = conn.query(sql);
    inflightDone = end;
  }
  if (inflight) {
    await inflight;
    onBatch?.(inflightDone);
  }
}

interface CategoryRow {
  id: number;
  kind: string;
  priority: 'normal' | 'urgent' | 'emergency';
  accept_minutes: number;
  resolve_hours: number | null;
}

/** Ticket status mix: open tickets are mostly recent; a few old ones are still stuck open. */
const OPEN_MIX: Array<[string, number]> = [
  ['submitted', 0.3],
  ['accepted', 0.2],
  ['assigned', 0.2],
  ['in_progress', 0.2],
  ['paused', 0.05],
  ['appealed', 0.05],
];
const DONE_MIX: Array<[string, number]> = [
  ['closed', 0.8],
  ['resolved', 0.05],
  ['rejected', 0.07],
  ['cancelled', 0.08],
];
const pick = (mix: Array<[string, number]>, u: number) => {
  let acc = 0;
  for (const [name, p] of mix) {
    acc += p;
    if (u < acc) return name;
  }
  return mix[mix.length - 1][0];
};

const TICKET_COLUMNS = [
  'id',
  'version',
  'created_at',
  'updated_at',
  'compound_id',
  'community_id',
  'street_id',
  'building_id',
  'household_id',
  'qr_code_id',
  'place_label',
  'category_id',
  'kind',
  'source',
  'priority',
  'status',
  'is_open',
  'description',
  'reporter_id',
  'reporter_name',
  'reporter_phone',
  'created_by_id',
  'complaint_target',
  'anonymous',
  'handler_type',
  'handler_company_id',
  'assignee_id',
  'accept_deadline',
  'resolve_deadline',
  'due_at',
  'timer_at',
  'accepted_at',
  'resolved_at',
  'closed_at',
  'accept_breached',
  'resolve_breached',
  'escalation_level',
  'supervised',
  'reopen_count',
  'follower_count',
  'rating',
  'rating_speed',
  'rating_attitude',
  'follow_up',
];

export async function countTickets(serverUri: string, database: string): Promise<number | null> {
  const conn = await createConnection({ uri: serverUri });
  try {
    const [tables] = await conn.query('SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [
      database,
      'tickets',
    ]);
    if (!(tables as unknown[]).length) return null;
    const [rows] = await conn.query(`SELECT COUNT(*) AS n FROM \`${database}\`.tickets`);
    return Number((rows as Array<{ n: number }>)[0].n);
  } finally {
    await conn.end();
  }
}

export async function seed(options: SeedOptions): Promise<SeedResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const { serverUri, database } = parseDatabaseUrl(options.url);
  const target = options.tickets;

  if (!options.reseed) {
    const existing = await countTickets(serverUri, database);
    if (existing !== null && existing >= target) {
      log(
        `seed: ${database} already holds ${existing.toLocaleString('en-US')} tickets (≥ ${target.toLocaleString('en-US')}); skipping (BENCH_RESEED=1 seeds again)`,
      );
      return { seeded: false, ticketCount: existing, seconds: 0, ticketRowsPerSecond: 0, allRowsPerSecond: 0 };
    }
  }

  const started = Date.now();
  log(`seed: recreating ${database}`);
  const admin = await createConnection({ uri: serverUri });
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }

  // The schema comes from the real migrations, so the bench measures the indexes production has.
  const dataSource = await createDataSource({ url: options.url, dataDir: join(tmpdir(), 'doorstep-bench') });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  log(`seed: migrations applied (${((Date.now() - started) / 1000).toFixed(1)} s)`);

  const conn = await createConnection({ uri: toMysqlUri(options.url), timezone: 'Z' });
  let rowsInserted = 0;
  try {
    // Bulk load: the generator guarantees uniqueness and references, so the server need not check them row by row.
    await conn.query('SET SESSION unique_checks = 0, foreign_key_checks = 0');
    const [catRows] = await conn.query(
      'SELECT id, kind, priority, accept_minutes, resolve_hours FROM categories WHERE compound_id IS NULL ORDER BY id',
    );
    const categories = catRows as CategoryRow[];
    if (!categories.length) throw new Error('no default categories: the default-categories migration did not run');

    const now = Date.now();
    const stamp = `'${dt(now - 400 * DAY)}'`;
    const small = async (table: string, columns: string[], count: number, row: (i: number) => string) => {
      await insertRows(conn, table, columns, count, row);
      rowsInserted += count;
    };

    // ---- places
    await small(
      'streets',
      ['id', 'name', 'district', 'created_at', 'updated_at'],
      1,
      () => `(1,'基准街道','基准区',${stamp},${stamp})`,
    );
    await small(
      'communities',
      ['id', 'street_id', 'name', 'created_at', 'updated_at'],
      COMMUNITIES,
      (i) => `(${i + 1},1,'基准社区${i + 1}',${stamp},${stamp})`,
    );
    const gridOf = (community: number, n: number) => (community - 1) * GRIDS_PER_COMMUNITY + (n % GRIDS_PER_COMMUNITY) + 1;
    await small('grids', ['id', 'community_id', 'name', 'created_at', 'updated_at'], COMMUNITIES * GRIDS_PER_COMMUNITY, (i) => {
      const community = Math.floor(i / GRIDS_PER_COMMUNITY) + 1;
      return `(${i + 1},${community},'第${(i % GRIDS_PER_COMMUNITY) + 1}网格',${stamp},${stamp})`;
    });
    await small(
      'property_companies',
      ['id', 'name', 'contact_phone', 'created_at', 'updated_at'],
      COMPANIES,
      (i) => `(${i + 1},'基准物业${i + 1}','0100000${String(i + 1).padStart(4, '0')}',${stamp},${stamp})`,
    );

    const compoundCommunity = new Int32Array(COMPOUNDS + 1);
    const compoundCompany = new Int32Array(COMPOUNDS + 1); // 0: run by the community
    for (let k = 1; k <= COMPOUNDS; k++) {
      const company = k <= COMPANIES * COMPOUNDS_PER_COMPANY ? Math.floor((k - 1) / COMPOUNDS_PER_COMPANY) + 1 : 0;
      compoundCompany[k] = company;
      compoundCommunity[k] = ((k - 1) % COMMUNITIES) + 1;
    }
    const types = ['commercial', 'old', 'resettlement'];
    await small(
      'compounds',
      ['id', 'community_id', 'name', 'address', 'type', 'management_mode', 'company_id', 'created_at', 'updated_at'],
      COMPOUNDS,
      (i) => {
        const k = i + 1;
        const company = compoundCompany[k];
        const mode = company ? 'company' : k % 2 ? 'shared' : 'self';
        return `(${k},${compoundCommunity[k]},'基准小区${k}','基准路${k}号','${types[k % 3]}','${mode}',${company || 'NULL'},${stamp},${stamp})`;
      },
    );
    const buildingId = (compound: number, b: number) => (compound - 1) * BUILDINGS_PER_COMPOUND + b + 1;
    await small(
      'buildings',
      ['id', 'compound_id', 'name', 'grid_id', 'created_at', 'updated_at'],
      COMPOUNDS * BUILDINGS_PER_COMPOUND,
      (i) => {
        const compound = Math.floor(i / BUILDINGS_PER_COMPOUND) + 1;
        const b = i % BUILDINGS_PER_COMPOUND;
        return `(${i + 1},${compound},'${b + 1}号楼',${gridOf(compoundCommunity[compound], b)},${stamp},${stamp})`;
      },
    );

    // ---- households: compounds differ in size, and so do companies (weight 1–5 by company times 1–3 by
    // compound), so one company's inbox is clearly the busiest, as in a real street.
    const weights = Array.from({ length: COMPOUNDS }, (_, i) => (1 + ((compoundCompany[i + 1] * 3) % 5)) * (1 + (i % 3)));
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    const hhCompound = new Int32Array(HOUSEHOLDS + 1);
    const hhBuilding = new Int32Array(HOUSEHOLDS + 1);
    const hhLabel: string[] = new Array(HOUSEHOLDS + 1);
    const hhUnitRoom: Array<[string, string]> = new Array(HOUSEHOLDS + 1);
    {
      let h = 1;
      for (let k = 1; k <= COMPOUNDS; k++) {
        const n = k === COMPOUNDS ? HOUSEHOLDS - h + 1 : Math.floor((HOUSEHOLDS * weights[k - 1]) / totalWeight);
        for (let j = 0; j < n; j++, h++) {
          const b = j % BUILDINGS_PER_COMPOUND;
          const inBuilding = Math.floor(j / BUILDINGS_PER_COMPOUND);
          const unit = String((inBuilding % 4) + 1);
          const room = String(101 + Math.floor(inBuilding / 4));
          hhCompound[h] = k;
          hhBuilding[h] = buildingId(k, b);
          hhUnitRoom[h] = [unit, room];
          hhLabel[h] = `${b + 1}号楼 ${unit}单元 ${room}`;
        }
      }
    }
    await small(
      'households',
      [
        'id',
        'compound_id',
        'building_id',
        'unit',
        'room',
        'area_hundredths',
        'owner_name',
        'owner_phone',
        'created_at',
        'updated_at',
      ],
      HOUSEHOLDS,
      (i) => {
        const h = i + 1;
        const [unit, room] = hhUnitRoom[h];
        return `(${h},${hhCompound[h]},${hhBuilding[h]},'${unit}','${room}',${6000 + ((h * 131) % 9000)},'${personName(h)}','${residentPhone(h)}',${stamp},${stamp})`;
      },
    );

    // ---- people
    const users = RESIDENTS + COMPANIES + COMPANIES * STAFF_PER_COMPANY + COMMUNITIES;
    await small('users', ['id', 'name', 'phone', 'created_at', 'updated_at'], users, (i) => {
      const id = i + 1;
      if (id <= RESIDENTS) return `(${id},'${personName(id)}','${residentPhone(id)}',${stamp},${stamp})`;
      if (id <= STAFF_BASE) return `(${id},'经理${id - MANAGER_BASE}号','${managerPhone(id - MANAGER_BASE)}',${stamp},${stamp})`;
      if (id <= ADMIN_BASE) return `(${id},'${personName(id)}','${staffPhone(id)}',${stamp},${stamp})`;
      return `(${id},'社区${id - ADMIN_BASE}主任','${adminPhone(id - ADMIN_BASE)}',${stamp},${stamp})`;
    });
    const staffCount = COMPANIES * STAFF_PER_COMPANY;
    await small(
      'role_assignments',
      ['user_id', 'role', 'scope_type', 'scope_id', 'created_at'],
      COMPANIES + staffCount + COMMUNITIES,
      (i) => {
        if (i < COMPANIES) return `(${MANAGER_BASE + i + 1},'manager','company',${i + 1},${stamp})`;
        if (i < COMPANIES + staffCount) {
          const s = i - COMPANIES;
          return `(${STAFF_BASE + s + 1},'staff','company',${Math.floor(s / STAFF_PER_COMPANY) + 1},${stamp})`;
        }
        const k = i - COMPANIES - staffCount + 1;
        return `(${ADMIN_BASE + k},'community_admin','community',${k},${stamp})`;
      },
    );
    // Residents are verified members of their household, as after the household binding flow.
    await small(
      'household_members',
      ['household_id', 'user_id', 'compound_id', 'relation', 'status', 'created_at', 'updated_at'],
      RESIDENTS,
      (i) => {
        const user = i + 1;
        const h = householdOfResident(user);
        return `(${h},${user},${hhCompound[h]},'${user <= HOUSEHOLDS ? 'owner' : 'family'}','verified',${stamp},${stamp})`;
      },
    );
    const peopleRows = rowsInserted;
    log(`seed: places and people: ${peopleRows.toLocaleString('en-US')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // ---- tickets. ticket_events are not seeded: no measured path reads them (create only appends one).
    const rand = prng(20250101);
    const span = 365 * DAY;
    const first = now - span;
    const recentFrom = now - 55 * DAY;
    const settings = { autoCloseHours: 72, escalateToStreetHours: 24 };
    const ticketsStarted = Date.now();
    let lastReport = ticketsStarted;
    let lastDone = 0;
    const ticketRow = (i: number): string => {
      const id = i + 1;
      // Residents with low numbers report more (u^1.2), as a few active residents do.
      const reporter = Math.floor(RESIDENTS * Math.pow(rand(), 1.2)) + 1;
      const h = householdOfResident(reporter);
      const compound = hhCompound[h];
      const company = compoundCompany[compound];
      const community = compoundCommunity[compound];
      const created = Math.floor(first + (i * span) / target + rand() * (span / target));
      const createdAt = new Date(created);
      const cat = categories[Math.floor(rand() * categories.length)];
      const policy = { acceptMinutes: cat.accept_minutes, resolveHours: cat.resolve_hours, priority: cat.priority };
      const { acceptDeadline, resolveDeadline } = computeDeadlines(createdAt, policy);
      const open = rand() < (created >= recentFrom ? 0.6 : 0.01);
      let status = open ? pick(OPEN_MIX, rand()) : pick(DONE_MIX, rand());
      // Resolved tickets close by themselves after 72 h; an old one still "resolved" would be wrong.
      if (status === 'resolved' && now - created > 3 * DAY) status = 'closed';
      const handled = status !== 'submitted' && status !== 'cancelled';
      const acceptedAt = handled ? new Date(created + (1 + rand() * cat.accept_minutes * 1.5) * MINUTE) : null;
      const done = status === 'resolved' || status === 'closed';
      const resolvedAt = done ? new Date(acceptedAt!.getTime() + (1 + rand() * 30) * HOUR) : null;
      let closedAt: Date | null = null;
      if (status === 'closed') closedAt = new Date(resolvedAt!.getTime() + rand() * 72 * HOUR);
      else if (status === 'rejected') closedAt = acceptedAt;
      else if (status === 'cancelled') closedAt = new Date(created + rand() * 2 * HOUR);
      if (closedAt && closedAt.getTime() > now) closedAt = new Date(now);
      const overdue = open && (status === 'submitted' ? acceptDeadline : resolveDeadline).getTime() < now;
      const escalationLevel = status === 'appealed' || (overdue && rand() < 0.3) ? 1 : 0;
      const pauseUntil = status === 'paused' ? new Date(now + rand() * 7 * DAY) : null;
      const { dueAt, timerAt } = schedule(
        {
          status: status as never,
          escalationLevel,
          acceptDeadline,
          resolveDeadline,
          resolvedAt,
          pauseUntil,
          timerAt: null,
          dueAt: null,
        },
        new Date(now),
        settings,
      );
      const isComplaint = cat.kind === 'complaint';
      const complaintTarget = isComplaint ? (rand() < 0.3 ? 'company' : 'neighbour') : null;
      const assignee =
        company && (status === 'assigned' || status === 'in_progress' || status === 'paused' || done)
          ? STAFF_BASE + (company - 1) * STAFF_PER_COMPANY + Math.floor(rand() * STAFF_PER_COMPANY) + 1
          : null;
      const rated = status === 'closed' && rand() < 0.6;
      const rating = rated ? 3 + Math.floor(rand() * 3) : null;
      const updated = Math.max(created, acceptedAt?.getTime() ?? 0, resolvedAt?.getTime() ?? 0, closedAt?.getTime() ?? 0);
      const u = rand();
      const source = u < 0.5 ? 'qr_scan' : u < 0.95 ? 'miniapp' : 'phone';
      const breachedAccept = acceptedAt !== null && acceptedAt > acceptDeadline;
      const breachedResolve = resolvedAt !== null && resolvedAt > resolveDeadline;
      return (
        `(${id},${1 + (handled ? 1 : 0) + (assignee ? 1 : 0) + (done ? 1 : 0) + (closedAt ? 1 : 0)},'${dt(created)}','${dt(updated)}',` +
        `${compound},${community},1,${hhBuilding[h]},${h},NULL,'${hhLabel[h]}',${cat.id},'${cat.kind}','${source}','${cat.priority}',` +
        `'${status}',${open ? 1 : 0},${str(DESCRIPTIONS[Math.floor(rand() * DESCRIPTIONS.length)])},${reporter},'${personName(reporter)}',` +
        `'${residentPhone(reporter)}',${reporter},${str(complaintTarget)},0,'${company ? 'company' : 'community'}',${company || 'NULL'},` +
        `${assignee ?? 'NULL'},${sqlDate(acceptDeadline)},${sqlDate(resolveDeadline)},${sqlDate(dueAt)},${sqlDate(timerAt)},` +
        `${sqlDate(acceptedAt)},${sqlDate(resolvedAt)},${sqlDate(closedAt)},${breachedAccept ? 1 : 0},${breachedResolve ? 1 : 0},` +
        `${escalationLevel},${escalationLevel > 0 || complaintTarget === 'company' ? 1 : 0},0,0,` +
        `${rating ?? 'NULL'},${rating ?? 'NULL'},${rating ?? 'NULL'},${rated ? "'satisfied'" : 'NULL'})`
      );
    };
    await insertRows(conn, 'tickets', TICKET_COLUMNS, target, ticketRow, (done) => {
      const t = Date.now();
      if (done === target || t - lastReport >= 5000) {
        const rate = ((done - lastDone) * 1000) / Math.max(1, t - lastReport);
        const avg = (done * 1000) / Math.max(1, t - ticketsStarted);
        log(
          `seed: tickets ${done.toLocaleString('en-US')}/${target.toLocaleString('en-US')}  ${Math.round(rate).toLocaleString('en-US')} rows/s now, ${Math.round(avg).toLocaleString('en-US')} rows/s average`,
        );
        lastReport = t;
        lastDone = done;
      }
    });
    rowsInserted += target;
    const ticketSeconds = (Date.now() - ticketsStarted) / 1000;
    // Fresh statistics, so the optimizer (and the EXPLAIN the bench prints) sees the loaded table.
    await conn.query('ANALYZE TABLE tickets, users, role_assignments, households, compounds, buildings, categories');
    const seconds = (Date.now() - started) / 1000;
    const result: SeedResult = {
      seeded: true,
      ticketCount: target,
      seconds,
      ticketRowsPerSecond: target / ticketSeconds,
      allRowsPerSecond: rowsInserted / seconds,
    };
    log(
      `seed: done in ${seconds.toFixed(1)} s — ${rowsInserted.toLocaleString('en-US')} rows; tickets ${target.toLocaleString('en-US')} in ` +
        `${ticketSeconds.toFixed(1)} s (${Math.round(result.ticketRowsPerSecond).toLocaleString('en-US')} rows/s), ` +
        `all rows ${Math.round(result.allRowsPerSecond).toLocaleString('en-US')} rows/s including drop and migrations`,
    );
    return result;
  } finally {
    await conn.end();
  }
}

/** `node dist/bench/seed.js` seeds alone (same settings as the bench). */
if (require.main === module) {
  seed({
    url: process.env.BENCH_DATABASE_URL || DEFAULT_BENCH_DATABASE_URL,
    tickets: Number(process.env.BENCH_TICKETS || 1_000_000),
    reseed: process.env.BENCH_RESEED === '1',
  }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
