import type { TicketView } from '@doorstep/contracts';
import { TicketLoader } from '../src/tickets/ticket-loader.service';
import { Ticket } from '../src/tickets/ticket.entity';
import { statementsDuring } from './support/observe';
import { startTestApp, type TestApp } from './support/test-app';
import { ticketWorld, type TicketWorld } from './support/ticket-world';

/**
 * Round trips per request, counted at the DataSource: a list page costs its page query and one
 * statement that brings the tickets with everything they show, whatever the page size; one ticket
 * costs the same plus its photos; a report costs no more than the hand-written ceiling of `pnpm bench`
 * (src/bench/ceiling.ts) sends for the same work. Authentication costs nothing (authentication.e2e-spec).
 */
describe('SQL statements per ticket request', () => {
  let t: TestApp;
  let w: TicketWorld;
  let first: TicketView;

  beforeAll(async () => {
    // No background polls during a count: only the request's own statements are seen.
    t = await startTestApp({
      AUTH_SYNC_INTERVAL_MS: '60000',
      SWEEP_INTERVAL_MS: '0',
      DISPATCH_INTERVAL_MS: '0',
      TICKET_DAILY_CAP: '1000',
    });
    w = await ticketWorld(t);
    let last: TicketView | undefined;
    for (let i = 0; i < 25; i++) {
      last = await report(`楼道灯不亮了，第${i + 1}次反映`);
      first ??= last;
    }
    // The neighbour follows one, so the follow flag is on the page too.
    await t.http().post(`/api/v1/tickets/${first.id}/follow`).set('Authorization', w.auth.neighbour).expect(200);
    // The staff member finishes one, for 已完成.
    const steps: Array<[string, string, object]> = [
      ['manager', 'accept', {}],
      ['manager', 'assign', { assigneeId: w.users.staff.id }],
      ['staff', 'start', {}],
      ['staff', 'resolve', {}],
    ];
    for (const [i, [who, action, body]] of steps.entries()) {
      await t
        .http()
        .post(`/api/v1/tickets/${last!.id}/${action}`)
        .set('Authorization', w.auth[who as 'manager' | 'staff'])
        .send({ version: i + 1, ...body })
        .expect(200);
    }
  });
  afterAll(() => t?.close());

  /** As the bench reports: in the compound, no building, no photos. */
  async function report(description: string): Promise<TicketView> {
    const res = await t
      .http()
      .post('/api/v1/tickets')
      .set('Authorization', w.auth.resident)
      .send({ compoundId: w.compound.id, categoryId: w.categories.water, description })
      .expect(201);
    return res.body as TicketView;
  }

  const get = (path: string, auth: string) => async () => {
    const res = await t.http().get(`/api/v1${path}`).set('Authorization', auth).expect(200);
    return res.body as { items?: TicketView[] } & TicketView;
  };

  async function counted(work: () => Promise<unknown>): Promise<{ statements: string[]; result: any }> {
    await work(); // warm: the caller is known to this instance, prepared metadata built
    let result: unknown;
    const statements = await statementsDuring(t.db, async () => {
      result = await work();
    });
    return { statements, result };
  }

  it.each([
    ['the reporter’s list', '/tickets/mine?limit=20', 'resident'],
    ['the manager’s inbox', '/tickets/inbox?limit=20', 'manager'],
    ['我关注的', '/tickets/following?limit=20', 'neighbour'],
    ['已完成 (the worker’s finished tickets)', '/tickets/tasks?done=true&limit=20', 'staff'],
  ] as const)('%s: a page of tickets in two statements', async (_name, path, who) => {
    const { statements, result } = await counted(get(path, w.auth[who]));
    expect(result.items.length).toBeGreaterThan(0);
    expect(statements).toHaveLength(2);
  });

  it('a compound’s history: three, the first finding whose compound it is for the permission check', async () => {
    const { statements, result } = await counted(get(`/tickets?compoundId=${w.compound.id}&limit=20`, w.auth.manager));
    expect(result.items.length).toBeGreaterThan(0);
    expect(statements).toHaveLength(3);
  });

  it('the page shows what the separate look-ups used to bring: the handler’s name and the follow', async () => {
    const { result } = await counted(get('/tickets/following?limit=20', w.auth.neighbour));
    expect(result.items[0]).toMatchObject({ id: first.id, handlerName: w.company.name, viewer: { following: true } });
    const { result: inbox } = await counted(get('/tickets/inbox?limit=20', w.auth.manager));
    expect(inbox.items.every((i: TicketView) => i.handlerName === w.company.name && !i.viewer.following)).toBe(true);
  });

  it('one ticket, with its photos, in two statements', async () => {
    const { statements, result } = await counted(get(`/tickets/${first.id}`, w.auth.neighbour));
    expect(result).toMatchObject({ id: first.id, handlerName: w.company.name, viewer: { following: true } });
    expect(statements).toHaveLength(2);
  });

  it('reads a ticket exactly as TypeORM’s own hydration does (the loader maps rows itself)', async () => {
    await t
      .http()
      .post(`/api/v1/tickets/${first.id}/accept`)
      .set('Authorization', w.auth.manager)
      .send({ version: 1 })
      .expect(200);
    const ours = (
      await t.app.get(TicketLoader).loadMany({ userId: w.users.manager.id, assignments: [] } as never, [first.id])
    ).get(first.id)!.ticket;
    const theirs = await t.db.getRepository(Ticket).findOneOrFail({
      where: { id: first.id },
      relations: { category: true, compound: true, building: true, assignee: true },
    });
    const { category, compound, building, assignee, ...columns } = theirs;
    expect(ours).toMatchObject(columns);
    expect(ours.acceptedAt).toBeInstanceOf(Date);
    expect(typeof ours.isOpen).toBe('boolean');
    expect(ours.category).toMatchObject({ id: category!.id, name: category!.name, acceptMinutes: category!.acceptMinutes });
    expect(ours.compound).toMatchObject({ id: compound!.id, name: compound!.name, companyId: compound!.companyId });
    expect(ours.building ?? null).toEqual(building ?? null);
    expect(ours.assignee ?? null).toEqual(assignee ?? null);
  });

  it('a transition reads the compound’s own deadlines with the ticket: no statement more than where it set none', async () => {
    // 噪音扰民 has this compound's own accept minutes; the other company's compound keeps the default.
    await t
      .http()
      .put(`/api/v1/compounds/${w.compound.id}/category-settings/${w.categories.noise}`)
      .set('Authorization', w.auth.manager)
      .send({ acceptMinutes: 40, resolveHours: 30, active: true })
      .expect(200);
    const file = async (compoundId: number) =>
      (
        await t
          .http()
          .post('/api/v1/tickets')
          .set('Authorization', w.auth.resident)
          .send({ compoundId, categoryId: w.categories.noise, description: '楼下广场舞太吵' })
          .expect(201)
      ).body as TicketView;
    const divert = (id: number, auth: string) =>
      t.http().post(`/api/v1/tickets/${id}/divert`).set('Authorization', auth).send({ version: 1 }).expect(200);
    const diverted = async (compoundId: number, auth: string) => {
      await divert((await file(compoundId)).id, auth); // warm
      const { id } = await file(compoundId);
      let view: TicketView | undefined;
      const at = t.clock.now().getTime();
      const statements = await statementsDuring(t.db, async () => {
        view = (await divert(id, auth)).body as TicketView;
      });
      return { statements, minutes: (Date.parse(view!.acceptDeadline) - at) / 60_000 };
    };
    const own = await diverted(w.compound.id, w.auth.manager);
    const plain = await diverted(w.otherCompound.id, w.auth.otherManager);
    // Counted from the transition, a moment after `at`.
    expect(Math.floor(own.minutes)).toBe(40);
    expect(Math.floor(plain.minutes)).toBe(10);
    expect(own.statements).toHaveLength(plain.statements.length);
    // The setting comes with the ticket (the loader's join), never in a look-up of its own.
    const categoryReads = own.statements.filter((q) => /categor(y_overrides|ies)\b/.test(q));
    expect(categoryReads.length).toBeGreaterThan(0);
    expect(categoryReads.every((q) => /FROM ["`]tickets["`]/.test(q))).toBe(true);
  });

  it('a report in no more statements than the bench ceiling sends for it (12)', async () => {
    await report('热身：厨房下水道堵了');
    let created: TicketView | undefined;
    const statements = await statementsDuring(t.db, async () => {
      created = await report('厨房下水道堵了，水漫出来了');
    });
    expect(created?.status).toBe('submitted');
    // Where the database has no INSERT … RETURNING (SQLite through TypeORM, MySQL 8; MariaDB has it), TypeORM
    // reads each inserted row back for its defaults. Those read-backs are not counted: the bench runs MariaDB.
    const readBacks = statements.filter((q) => /^SELECT ["`](Ticket|TicketEvent|Notification|IdempotencyKey)["`]\./.test(q));
    expect(statements.length - readBacks.length).toBeLessThanOrEqual(12);
  });
});
