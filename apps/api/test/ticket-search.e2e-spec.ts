import { monitorEventLoopDelay } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { LIMITS, maskPhone, type TicketView } from '@doorstep/contracts';
import { formatShanghai, shanghaiDateStamp } from '../src/common/shanghai-time';
import { Ticket } from '../src/tickets/ticket.entity';
import { factories } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import { ticketWorld, type TicketWorld } from './support/ticket-world';

/** The tests report far more than a person a day, and move tickets' creation times by days. */
const LONG_SESSIONS = { ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400), TICKET_DAILY_CAP: '1000' };
const DAY = 86_400_000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = [
  '工单号',
  '类型',
  '类别',
  '状态',
  '位置',
  '描述',
  '报事人',
  '处理人',
  '提交时间',
  '受理时间',
  '解决时间',
  '超时',
  '评分',
];

/** supertest collects a binary body into a Buffer only when asked to. */
const binary = (res: Response, done: (err: Error | null, body: Buffer) => void) => {
  const parts: Buffer[] = [];
  res.on('data', (p: Buffer) => parts.push(p));
  res.on('end', () => done(null, Buffer.concat(parts)));
};

async function sheetRows(body: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('工单')!;
  const rows: string[][] = [];
  // Empty cells are not stored: read every column by position.
  sheet.eachRow((row) => rows.push(HEADERS.map((_, i) => row.getCell(i + 1).text)));
  return rows;
}

describe('工单查询: search, export and duplicate candidates', () => {
  let t: TestApp;
  let w: TicketWorld;
  /** Tickets of the company compound, by what they are for. */
  const tk = {} as Record<'leak' | 'lamp' | 'lift' | 'rude' | 'old' | 'anon', number>;
  let sharedTicket: number;
  let foreignStaff: string;

  const http = () => t.http();
  const get = (auth: string, url: string) => http().get(url).set('Authorization', auth);
  const act = (auth: string, id: number, action: string, body: object) =>
    http().post(`/api/v1/tickets/${id}/${action}`).set('Authorization', auth).send(body).expect(200);
  const report = async (auth: string, body: object): Promise<number> =>
    (await http().post('/api/v1/tickets').set('Authorization', auth).send(body).expect(201)).body.id as number;
  const water = (more: object = {}) => ({
    compoundId: w.compound.id,
    categoryId: w.categories.water,
    householdId: w.household.id,
    description: '厨房水管漏水，地上全是水',
    ...more,
  });
  const setCreated = (id: number, at: Date) => t.db.getRepository(Ticket).update(id, { createdAt: at });
  const ids = (res: Response) => (res.body.items as TicketView[]).map((i) => i.id);
  const search = (query: string, auth = w.auth.manager, limit = 100) =>
    get(auth, `/api/v1/tickets?compoundId=${w.compound.id}&limit=${limit}${query}`);

  beforeAll(async () => {
    t = await startTestApp(LONG_SESSIONS);
    w = await ticketWorld(t);
    const now = t.clock.now();
    tk.leak = await report(w.auth.resident, water({ description: '水管漏水，100%_堵塞' }));
    tk.lamp = await report(w.auth.neighbour, {
      compoundId: w.compound.id,
      categoryId: w.categories.water,
      description: '地下车库灯不亮',
      location: '地下车库',
    });
    tk.lift = await report(w.auth.resident, water({ categoryId: w.categories.elevator, description: '电梯困人' }));
    tk.rude = await report(
      w.auth.resident,
      water({ categoryId: w.categories.service, description: '保安态度差', complaintTarget: 'staff' }),
    );
    tk.old = await report(w.auth.resident, water({ description: '上个月的漏水' }));
    tk.anon = await report(w.auth.resident, {
      ...water({ categoryId: w.categories.service, description: '物业收费不公开' }),
      complaintTarget: 'company',
      anonymous: true,
    });
    sharedTicket = await report(w.auth.neighbour, {
      compoundId: w.shared.id,
      categoryId: w.categories.water,
      description: '水管漏水',
    });
    // The leak is done and rated; the lamp cancelled; the lift missed its accept deadline; the old one is 40 days old.
    await act(w.auth.manager, tk.leak, 'accept', { version: 1 });
    await act(w.auth.manager, tk.leak, 'assign', { version: 2, assigneeId: w.users.staff.id });
    await act(w.auth.staff, tk.leak, 'start', { version: 3 });
    await act(w.auth.staff, tk.leak, 'resolve', { version: 4 });
    await act(w.auth.resident, tk.leak, 'rate', { version: 5, overall: 4 });
    await act(w.auth.neighbour, tk.lamp, 'cancel', { version: 1 });
    await t.db.getRepository(Ticket).update(tk.lift, { acceptBreached: true });
    await setCreated(tk.old, new Date(now.getTime() - 40 * DAY));
    foreignStaff = await t.signInWithRole('staff', 'compound', w.otherCompound.id);
  });
  afterAll(() => t.close());

  describe('GET /api/v1/tickets', () => {
    it('lists every ticket of the compound, closed ones included, newest first, and nothing of other compounds', async () => {
      const res = await search('').expect(200);
      expect(ids(res)).toEqual([tk.anon, tk.old, tk.rude, tk.lift, tk.lamp, tk.leak]);
      expect(ids(res)).not.toContain(sharedTicket);
    });

    it.each([
      ['status', '&status=cancelled', ['lamp']],
      ['group', '&group=ended', ['lamp', 'leak']],
      ['group and a status inside it', '&group=ended&status=closed', ['leak']],
      ['kind', '&kind=complaint', ['anon', 'rude']],
      ['category', () => `&categoryId=${w.categories.elevator}`, ['lift']],
      ['building', () => `&buildingId=${w.building.id}`, ['anon', 'old', 'rude', 'lift', 'leak']],
      ['breached', '&breached=true', ['lift']],
      ['not breached', '&breached=false', ['anon', 'old', 'rude', 'lamp', 'leak']],
      ['the ticket number', () => `&q=${tk.rude}`, ['rude']],
      ['words of the description', '&q=漏水', ['old', 'leak']],
      ['a literal % and _', '&q=' + encodeURIComponent('100%_'), ['leak']],
      ['a % alone, taken literally', '&q=' + encodeURIComponent('%'), ['leak']],
      ['_ alone', '&q=_', ['leak']],
      ['a number beyond any id', '&q=99999999999999', []],
      ['words and a kind', '&q=' + encodeURIComponent('态度') + '&kind=complaint', ['rude']],
    ] as Array<[string, string | (() => string), Array<keyof typeof tk>]>)('filters by %s', async (_, query, expected) => {
      const res = await search(typeof query === 'function' ? query() : query).expect(200);
      expect(ids(res)).toEqual(expected.map((k) => tk[k]));
    });

    it('bounds the creation time: from inclusive, to exclusive', async () => {
      const created = new Date((await get(w.auth.manager, `/api/v1/tickets/${tk.rude}`).expect(200)).body.createdAt);
      const at = (ms: number) => encodeURIComponent(new Date(ms).toISOString());
      expect(ids(await search(`&from=${at(created.getTime())}&to=${at(created.getTime() + 1)}`).expect(200))).toEqual([tk.rude]);
      expect(ids(await search(`&to=${at(created.getTime())}`).expect(200))).not.toContain(tk.rude);
      expect(ids(await search(`&to=${at(t.clock.now().getTime() - 30 * DAY)}`).expect(200))).toEqual([tk.old]);
    });

    it('pages with a cursor, keeping the filters', async () => {
      const first = await search('&group=open', w.auth.manager, 2).expect(200);
      expect(first.body.items).toHaveLength(2);
      const second = await search(`&group=open&cursor=${encodeURIComponent(first.body.nextCursor)}`, w.auth.manager, 2).expect(
        200,
      );
      expect([...ids(first), ...ids(second)]).toEqual([tk.anon, tk.old, tk.rude, tk.lift]);
      expect(second.body.nextCursor).toBeNull();
    });

    it.each([
      ['a status outside the group', '&status=closed&group=open', 'status'],
      ['from not before to', '&from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', 'to'],
      ['an empty time range', '&from=2026-11-01T00:00:00Z&to=2026-11-01T00:00:00Z', 'to'],
      ['another compound’s building', () => `&buildingId=${w.sharedBuilding.id}`, 'buildingId'],
      ['a building that does not exist', '&buildingId=999999', 'buildingId'],
      ['a category that does not exist', '&categoryId=999999', 'categoryId'],
    ] as Array<[string, string | (() => string), string]>)('answers 422 to %s, naming the field', async (_, query, field) => {
      const res = await search(typeof query === 'function' ? query() : query).expect(422);
      expect(res.body).toMatchObject({ statusCode: 422, code: 'VALIDATION_FAILED', details: [{ field }] });
    });

    it('answers 422 to another compound’s own category', async () => {
      const [row] = await t.db
        .query(
          "INSERT INTO categories (compound_id, kind, name, icon, priority, accept_minutes, sort, active, version) VALUES (?, 'repair', '充电桩', 'x', 'normal', 10, 1, 1, 1)",
          [w.otherCompound.id],
        )
        .then(() => t.db.query('SELECT MAX(id) AS id FROM categories WHERE compound_id = ?', [w.otherCompound.id]));
      const res = await search(`&categoryId=${row.id}`).expect(422);
      expect(res.body.details[0].field).toBe('categoryId');
    });

    it.each([
      ['an empty search', '&q='],
      ['a search of blanks only', '&q=%20%20'],
      ['a search over 40 characters', `&q=${'漏'.repeat(LIMITS.searchMax + 1)}`],
      ['a search with a control character', '&q=%1B'],
      ['an unknown status', '&status=lost'],
      ['an unknown group', '&group=mine'],
      ['an unknown kind', '&kind=wish'],
      ['breached that is not true or false', '&breached=yes'],
      ['a time that is not ISO 8601', '&from=yesterday'],
      ['an impossible date', '&from=2026-02-30T00:00:00Z'],
      ['a building id with a sign', '&buildingId=%2B1'],
      ['a category id in hex', '&categoryId=0x10'],
      ['an unknown parameter', '&sort=asc'],
      ['two searches', '&q=a&q=b'],
    ])('answers 400 VALIDATION_FAILED to %s', async (_, query) => {
      const res = await search(query).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', details: expect.any(Array) });
    });

    it('answers 400 without a compound, and refuses callers from elsewhere with 403/404', async () => {
      await get(w.auth.manager, '/api/v1/tickets').expect(400);
      await get(w.auth.manager, '/api/v1/tickets?compoundId=0').expect(400);
      for (const who of [w.auth.otherManager, foreignStaff]) {
        expect((await search('', who).expect(404)).body.code).toBe('COMPOUND_NOT_FOUND');
      }
      for (const who of [w.auth.resident, w.auth.grid]) expect([403, 404]).toContain((await search('', who)).status);
    });

    it('shows a company’s staff only what their company handles: not what the community took over', async () => {
      const diverted = await report(w.auth.neighbour, {
        compoundId: w.compound.id,
        categoryId: w.categories.noise,
        description: '楼上装修',
      });
      await act(w.auth.manager, diverted, 'divert', { version: 1 });
      expect(ids(await search('&q=' + encodeURIComponent('装修'), w.auth.staff).expect(200))).toEqual([]);
      expect(ids(await search('&q=' + encodeURIComponent('装修'), w.auth.community).expect(200))).toEqual([diverted]);
    });
  });

  describe('GET /api/v1/tickets/export.xlsx', () => {
    const exportAs = (auth: string, query = '') =>
      get(auth, `/api/v1/tickets/export.xlsx?compoundId=${w.compound.id}${query}`).buffer(true).parse(binary);

    it('sends the search as a workbook with Chinese headers, Shanghai times and the file named by compound and day', async () => {
      const res = await exportAs(w.auth.manager, '&group=ended').expect(200);
      expect(res.headers['content-type']).toBe(XLSX);
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="tickets-${w.compound.id}-${shanghaiDateStamp(t.clock.now())}.xlsx"`,
      );
      expect(res.headers['cache-control']).toBe('private, no-store');
      const rows = await sheetRows(res.body as Buffer);
      expect(rows[0]).toEqual(HEADERS);
      expect(rows.slice(1).map((r) => Number(r[0]))).toEqual([tk.lamp, tk.leak]);
      const leak = (await get(w.auth.manager, `/api/v1/tickets/${tk.leak}`).expect(200)).body as TicketView;
      expect(rows[2]).toEqual([
        String(tk.leak),
        '报修',
        '水电维修',
        '已评价',
        '1号楼 1单元 101',
        '水管漏水，100%_堵塞',
        `周阿姨 ${w.users.resident.phone}`,
        '陈建国',
        formatShanghai(new Date(leak.createdAt)),
        formatShanghai(new Date(leak.acceptedAt!)),
        formatShanghai(new Date(leak.resolvedAt!)),
        '否',
        '4',
      ]);
      expect(rows[1].slice(3, 8)).toEqual(['已撤销', '地下车库', '地下车库灯不亮', `吴叔叔 ${w.users.neighbour.phone}`, '']);
    });

    it('shows the full phone only where the ticket view does (reporter, handler, assignee), masked to other staff, nothing for an anonymous complainant', async () => {
      const staffRows = await sheetRows((await exportAs(w.auth.staff).expect(200)).body as Buffer);
      // The staff member worked the leak (its assignee), not the lamp.
      expect(staffRows.find((r) => Number(r[0]) === tk.leak)![6]).toBe(`周阿姨 ${w.users.resident.phone}`);
      expect(staffRows.find((r) => Number(r[0]) === tk.lamp)![6]).toBe(`吴叔叔 ${maskPhone(w.users.neighbour.phone)}`);
      for (const auth of [w.auth.staff, w.auth.manager]) {
        const rows = await sheetRows((await exportAs(auth).expect(200)).body as Buffer);
        expect(rows.find((r) => Number(r[0]) === tk.anon)![6]).toBe('匿名');
      }
      // The community supervises this company-run compound; it does not handle its tickets: masked, even
      // though it may call residents (household.contact) from the household register.
      const community = await sheetRows((await exportAs(w.auth.community).expect(200)).body as Buffer);
      expect(community.find((r) => Number(r[0]) === tk.anon)![6]).toBe(`周阿姨 ${maskPhone(w.users.resident.phone)}`);
      expect(community.find((r) => Number(r[0]) === tk.leak)![6]).toBe(`周阿姨 ${maskPhone(w.users.resident.phone)}`);
      // Per row: the one ticket the company diverted to the community is the community's to handle.
      const [handled, supervised] = [
        community.slice(1).filter((r) => r[5] === '楼上装修'),
        community.slice(1).filter((r) => r[5] !== '楼上装修'),
      ];
      expect(handled.map((r) => r[6])).toEqual([`吴叔叔 ${w.users.neighbour.phone}`]);
      expect(supervised.filter((r) => /\d{11}/.test(r[6]))).toEqual([]);
      expect(community.find((r) => Number(r[0]) === tk.lift)![11]).toBe('是');
    });

    it('shows every row’s reporter exactly as GET /tickets/:id shows that caller', async () => {
      for (const auth of [w.auth.manager, w.auth.staff, w.auth.community, w.auth.street]) {
        const rows = (await sheetRows((await exportAs(auth).expect(200)).body as Buffer)).slice(1);
        expect(rows.length).toBeGreaterThan(0);
        for (const r of rows) {
          const v = (await get(auth, `/api/v1/tickets/${r[0]}`).expect(200)).body as TicketView;
          expect({ id: v.id, reporter: r[6] }).toEqual({
            id: v.id,
            reporter: v.reporterPhone ? `${v.reporterName} ${v.reporterPhone}` : v.reporterName,
          });
        }
      }
    });

    it('takes the search’s filters and answers bad ones as the search does', async () => {
      const rows = await sheetRows((await exportAs(w.auth.manager, `&q=${tk.rude}`).expect(200)).body as Buffer);
      expect(rows.slice(1).map((r) => Number(r[0]))).toEqual([tk.rude]);
      const empty = await sheetRows((await exportAs(w.auth.manager, '&q=nothing-like-this').expect(200)).body as Buffer);
      expect(empty).toEqual([HEADERS]);
      for (const [query, status] of [
        ['&status=closed&group=open', 422],
        ['&from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', 422],
        ['&limit=10', 400],
        ['&cursor=abc', 400],
        ['&q=', 400],
      ] as const) {
        const res = await get(w.auth.manager, `/api/v1/tickets/export.xlsx?compoundId=${w.compound.id}${query}`).expect(status);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });

    it('refuses callers from elsewhere with 403/404, as JSON', async () => {
      for (const who of [w.auth.otherManager, foreignStaff]) {
        const res = await get(who, `/api/v1/tickets/export.xlsx?compoundId=${w.compound.id}`).expect(404);
        expect(res.body.code).toBe('COMPOUND_NOT_FOUND');
      }
      for (const who of [w.auth.resident, w.auth.grid]) {
        expect([403, 404]).toContain((await get(who, `/api/v1/tickets/export.xlsx?compoundId=${w.compound.id}`)).status);
      }
      await http().get(`/api/v1/tickets/export.xlsx?compoundId=${w.compound.id}`).expect(401);
    });

    it(`exports up to ${LIMITS.exportMaxRows} rows in chunks, and answers 422 EXPORT_TOO_LARGE beyond`, async () => {
      // A compound of its own, filled by doubling one ticket: 2^13 = 8192 rows, then 16 384.
      const f = factories(t.db);
      const big = await f.compound(w.community.id, { companyId: w.company.id, managementMode: 'company' });
      const seed = await report(w.auth.manager, {
        compoundId: big.id,
        categoryId: w.categories.water,
        description: '批量导出测试',
      });
      const columns = t.db
        .getMetadata(Ticket)
        .columns.filter((c) => !c.isPrimary)
        .map((c) => c.databaseName)
        .join(', ');
      const double = () =>
        t.db.query(`INSERT INTO tickets (${columns}) SELECT ${columns} FROM tickets WHERE compound_id = ?`, [big.id]);
      for (let i = 0; i < 13; i++) await double();
      const url = `/api/v1/tickets/export.xlsx?compoundId=${big.id}`;

      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const started = performance.now();
      const res = await get(w.auth.manager, url).buffer(true).parse(binary).expect(200);
      const took = performance.now() - started;
      delay.disable();
      const rows = await sheetRows(res.body as Buffer);
      expect(rows).toHaveLength(8192 + 1);
      expect(Number(rows.at(-1)![0])).toBe(seed);
      // Recorded, not asserted: speed is the benchmark's business, not a test's.
      console.log(
        `export of 8192 rows: ${Math.round(took)} ms, ${(res.body as Buffer).length} bytes, ` +
          `longest event-loop stall ${Math.round(delay.max / 1e6)} ms`,
      );

      await double();
      const tooMany = await get(w.auth.manager, url).expect(422);
      expect(tooMany.body).toMatchObject({
        statusCode: 422,
        code: 'EXPORT_TOO_LARGE',
        message: expect.stringContaining(String(LIMITS.exportMaxRows)),
        details: { count: 16384, max: LIMITS.exportMaxRows },
      });
      // The search itself still pages through them.
      expect((await get(w.auth.manager, `/api/v1/tickets?compoundId=${big.id}&limit=100`).expect(200)).body.items).toHaveLength(
        100,
      );
    }, 180_000);
  });

  describe('GET /api/v1/tickets/:id/duplicate-candidates', () => {
    it('offers open same-compound, same-category tickets at the same building, newest first', async () => {
      const now = t.clock.now();
      const closed = await report(
        w.auth.neighbour,
        water({ householdId: undefined, buildingId: w.building.id, description: '一楼漏水' }),
      );
      await act(w.auth.neighbour, closed, 'cancel', { version: 1 });
      const open1 = await report(
        w.auth.neighbour,
        water({ householdId: undefined, buildingId: w.building.id, description: '楼道漏水' }),
      );
      const merged = await report(
        w.auth.neighbour,
        water({ householdId: undefined, buildingId: w.building.id, description: '又漏了' }),
      );
      await act(w.auth.manager, merged, 'merge', { version: 1, duplicateOfId: open1 });
      const stale = await report(
        w.auth.neighbour,
        water({ householdId: undefined, buildingId: w.building.id, description: '很久以前' }),
      );
      await setCreated(stale, new Date(now.getTime() - (LIMITS.similarTicketDays + 1) * DAY));
      const otherBuilding = await f2Building();
      const elsewhere = await report(
        w.auth.neighbour,
        water({ householdId: undefined, buildingId: otherBuilding, description: '二号楼漏水' }),
      );
      const lift = await report(w.auth.neighbour, water({ householdId: undefined, categoryId: w.categories.elevator }));
      const shared = await report(w.auth.neighbour, {
        compoundId: w.shared.id,
        categoryId: w.categories.water,
        description: '漏水',
      });
      const open2 = await report(
        w.auth.neighbour,
        water({ householdId: undefined, buildingId: w.building.id, description: '楼上漏水' }),
      );
      const subject = await report(w.auth.resident, water({ description: '厨房顶上漏水' }));

      const res = await get(w.auth.manager, `/api/v1/tickets/${subject}/duplicate-candidates`).expect(200);
      const got = (res.body as TicketView[]).map((v) => v.id);
      // tk.leak (rated) and closed (cancelled) are closed: merge would refuse them. tk.old is 40 days old.
      expect(got).toEqual([open2, open1]);
      for (const excluded of [subject, merged, stale, elsewhere, lift, shared, tk.old, tk.leak, closed])
        expect(got).not.toContain(excluded);
      expect(res.body[0]).toMatchObject({
        id: open2,
        status: 'submitted',
        viewer: { actions: expect.arrayContaining(['merge']) },
      });

      // A ticket with no building: the whole compound is the place.
      const nowhere = await report(w.auth.neighbour, water({ householdId: undefined, description: '不知道哪里漏水' }));
      const wide = (await get(w.auth.manager, `/api/v1/tickets/${nowhere}/duplicate-candidates`).expect(200))
        .body as TicketView[];
      expect(wide.map((v) => v.id)).toEqual(expect.arrayContaining([subject, open2, open1, elsewhere]));
      expect(wide.map((v) => v.id)).not.toContain(nowhere);
    });

    it('offers only tickets merge accepts: each candidate can be merged into', async () => {
      const report1 = (description: string) =>
        report(w.auth.neighbour, water({ householdId: undefined, categoryId: w.categories.elevator, description }));
      const accepted = await report1('电梯异响');
      await act(w.auth.manager, accepted, 'accept', { version: 1 });
      const working = await report1('电梯停在三楼');
      await act(w.auth.manager, working, 'accept', { version: 1 });
      await act(w.auth.manager, working, 'assign', { version: 2, assigneeId: w.users.staff.id });
      const resolved = await report1('电梯按钮失灵');
      await act(w.auth.manager, resolved, 'accept', { version: 1 });
      await act(w.auth.manager, resolved, 'assign', { version: 2, assigneeId: w.users.staff.id });
      await act(w.auth.staff, resolved, 'start', { version: 3 });
      await act(w.auth.staff, resolved, 'resolve', { version: 4 });
      const rejected = await report1('电梯广告太吵');
      await act(w.auth.manager, rejected, 'reject', { version: 1, reason: '不属于物业服务范围' });
      await act(w.auth.neighbour, rejected, 'appeal', { version: 2 });
      await act(w.auth.community, rejected, 'uphold', { version: 3 });
      const refused = await report1('电梯里有人抽烟');
      await act(w.auth.manager, refused, 'reject', { version: 1, reason: '不属于物业服务范围' });
      const cancelled = await report1('电梯门夹人');
      await act(w.auth.neighbour, cancelled, 'cancel', { version: 1 });

      const subject = await report1('电梯又坏了');
      const offered = (
        (await get(w.auth.manager, `/api/v1/tickets/${subject}/duplicate-candidates`).expect(200)).body as TicketView[]
      ).map((v) => v.id);
      expect(offered).toEqual(expect.arrayContaining([accepted, working, tk.lift]));
      // Resolved (awaiting the rating), rejected, closed after an appeal, cancelled: none is open.
      for (const ended of [resolved, refused, rejected, cancelled]) expect(offered).not.toContain(ended);
      // Every one offered, merge takes: a fresh report of the same thing is merged into each in turn.
      for (const target of offered) {
        const again = await report1('电梯又坏了');
        const candidates = (await get(w.auth.manager, `/api/v1/tickets/${again}/duplicate-candidates`).expect(200))
          .body as TicketView[];
        expect(candidates.map((v) => v.id)).toContain(target);
        const res = await http()
          .post(`/api/v1/tickets/${again}/merge`)
          .set('Authorization', w.auth.manager)
          .send({ version: 1, duplicateOfId: target });
        expect({ target, status: res.status, code: res.body.code }).toEqual({ target, status: 200, code: undefined });
      }
    });

    it('offers at most 20', async () => {
      const many: number[] = [];
      for (let i = 0; i < 21; i++)
        many.push(
          await report(
            w.auth.neighbour,
            water({ householdId: undefined, categoryId: w.categories.noise, description: `噪音${i}` }),
          ),
        );
      const res = await get(w.auth.manager, `/api/v1/tickets/${many[0]}/duplicate-candidates`).expect(200);
      expect((res.body as TicketView[]).map((v) => v.id)).toEqual(many.slice(1).reverse());
    });

    it('answers the ticket’s handler only, while it may be merged: 403 to others who see it, 404 to those who do not', async () => {
      const id = await report(w.auth.resident, water());
      for (const who of [w.auth.staff, w.auth.resident, w.auth.community, w.auth.street, w.auth.grid]) {
        expect((await get(who, `/api/v1/tickets/${id}/duplicate-candidates`).expect(403)).body.code).toBe(
          'TICKET_ACTION_NOT_YOURS',
        );
      }
      for (const who of [w.auth.otherManager, foreignStaff, w.auth.neighbour]) {
        expect((await get(who, `/api/v1/tickets/${id}/duplicate-candidates`).expect(404)).body.code).toBe('TICKET_NOT_FOUND');
      }
      await get(w.auth.manager2, `/api/v1/tickets/${id}/duplicate-candidates`).expect(200);
      await act(w.auth.manager, id, 'accept', { version: 1 });
      await get(w.auth.manager, `/api/v1/tickets/${id}/duplicate-candidates`).expect(200);
      await act(w.auth.manager, id, 'assign', { version: 2, assigneeId: w.users.staff.id });
      expect((await get(w.auth.manager, `/api/v1/tickets/${id}/duplicate-candidates`).expect(409)).body.code).toBe(
        'TICKET_INVALID_TRANSITION',
      );
      await get(w.auth.manager, '/api/v1/tickets/999999/duplicate-candidates').expect(404);
      await get(w.auth.manager, '/api/v1/tickets/abc/duplicate-candidates').expect(400);
    });
  });

  async function f2Building(): Promise<number> {
    return (await factories(t.db).building(w.compound.id, { name: '2号楼' })).id;
  }
});
