import fc from 'fast-check';
import {
  isOpenStatus,
  nextStatus,
  TICKET_COMMANDS,
  TICKET_RULES,
  TICKET_STATUSES,
  type TicketCommand,
  type TicketStatus,
  type TicketView,
} from '@doorstep/contracts';
import type { Response } from 'supertest';
import { SweeperService } from '../src/tickets/sweeper.service';
import { factories } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import { ticketWorld, type TicketWorld } from './support/ticket-world';

/** The walks move the clock by days (sign-ins must outlive that) and report far more than a person a day. */
const LONG_SESSIONS = { ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400), TICKET_DAILY_CAP: '1000' };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Jest's limit for the setup and the walks: a hung request fails the run; this measures nothing (pnpm bench does). */
const SLOW = 5 * 60_000;

/** Every kind of person who may open a ticket's page. `reporter` is whoever filed the walk's ticket. */
const PEOPLE = [
  'reporter',
  'neighbour',
  'manager',
  'manager2',
  'staff',
  'staff2',
  'community',
  'community2',
  'street',
  'grid',
  'otherManager',
] as const;
type Person = (typeof PEOPLE)[number];

/** The ticket a walk starts from. */
const STARTS = ['company-repair', 'company-complaint', 'shared-repair'] as const;
type Start = (typeof STARTS)[number];

/** What a command's route is called (close is the sweeper's: it has no route). */
const ROUTES: Record<Exclude<TicketCommand, 'close'>, string> = {
  accept: 'accept',
  reject: 'reject',
  assign: 'assign',
  transfer: 'transfer',
  divert: 'divert',
  start: 'start',
  pause: 'pause',
  resume: 'resume',
  resolve: 'resolve',
  cancel: 'cancel',
  rate: 'rate',
  reopen: 'reopen',
  appeal: 'appeal',
  uphold: 'uphold',
  reassign: 'reassign',
  merge: 'merge',
  follow_up: 'follow-up',
  hand_back: 'hand-back',
  urge: 'urge',
};
type Command = keyof typeof ROUTES;
const COMMANDS = TICKET_COMMANDS.filter((c): c is Command => c !== 'close');

interface Row {
  version: number;
  status: TicketStatus;
  isOpen: boolean;
  pausedFrom: TicketStatus | null;
}

/** What the generated walks did, printed once at the end. */
const tally = {
  walks: 0,
  steps: 0,
  views: 0,
  offeredTaken: 0,
  refused: { 403: 0, 404: 0, 409: 0 },
  sweeps: 0,
  follows: 0,
  taken: new Set<string>(),
  statuses: new Set<TicketStatus>(),
};

describe('one state machine: every button offered works, everything else is refused', () => {
  let t: TestApp;
  let w: TicketWorld;
  let auth: Record<Exclude<Person, 'reporter'> | 'sharedResident' | 'resident', string>;
  let ids: Record<'staff' | 'staff2' | 'manager' | 'manager2' | 'community' | 'community2', number>;
  /** One open ticket per compound nobody acts on: what a walk merges its ticket into. */
  const anchors = new Map<number, number>();
  let sharedHousehold: number;

  const http = () => t.http();
  const report = async (who: string, body: object): Promise<TicketView> =>
    (await http().post('/api/v1/tickets').set('Authorization', who).send(body).expect(201)).body as TicketView;
  const view = (who: string, id: number) => http().get(`/api/v1/tickets/${id}`).set('Authorization', who);
  const send = (who: string, id: number, command: Command, body: object) =>
    http().post(`/api/v1/tickets/${id}/${ROUTES[command]}`).set('Authorization', who).send(body);
  const row = async (id: number): Promise<Row> => {
    const [r] = await t.db.query('SELECT version, status, is_open, paused_from FROM tickets WHERE id = ?', [id]);
    return { version: Number(r.version), status: r.status, isOpen: Boolean(Number(r.is_open)), pausedFrom: r.paused_from };
  };

  const waterAt = (compoundId: number, householdId: number) => ({
    compoundId,
    categoryId: w.categories.water,
    householdId,
    description: '厨房水管漏水，地上全是水',
  });

  beforeAll(async () => {
    t = await startTestApp(LONG_SESSIONS);
    w = await ticketWorld(t);
    const f = factories(t.db);
    // A resident of the shared-society compound, and a second community worker to transfer to.
    const sharedResident = await f.user({ name: '钱奶奶' });
    const home = await f.household(w.sharedBuilding, { unit: '2', room: '201' });
    sharedHousehold = home.id;
    await f.membership(home, sharedResident.id, 'verified');
    const community2 = await f.user({ name: '孙社工' });
    await f.role(community2.id, 'community_admin', 'community', w.community.id);
    auth = {
      ...w.auth,
      sharedResident: await t.signIn(sharedResident.phone!),
      community2: await t.signIn(community2.phone!),
    };
    ids = {
      staff: w.users.staff.id,
      staff2: w.users.staff2.id,
      manager: w.users.manager.id,
      manager2: w.users.manager2.id,
      community: w.users.community.id,
      community2: community2.id,
    };
    anchors.set(
      w.compound.id,
      (await report(auth.neighbour, { ...waterAt(w.compound.id, w.household.id), householdId: undefined })).id,
    );
    anchors.set(w.shared.id, (await report(auth.sharedResident, waterAt(w.shared.id, sharedHousehold))).id);
  }, SLOW);
  afterAll(() => t.close());

  describe('what the buttons promise, the API keeps', () => {
    it('does not offer 分流 to the community on a ticket it already handles, and refuses it as "not now", not as a conflict', async () => {
      const ticket = await report(auth.sharedResident, waterAt(w.shared.id, sharedHousehold));
      const seen = (await view(auth.community, ticket.id).expect(200)).body as TicketView;
      expect(seen.viewer.actors).toEqual(expect.arrayContaining(['handler', 'supervisor']));
      expect(seen.viewer.actions).not.toContain('divert');
      const res = await send(auth.community, ticket.id, 'divert', { version: seen.version }).expect(409);
      expect(res.body.code).toBe('TICKET_INVALID_TRANSITION');
    });

    it('offers 回访 once, and never on a merged duplicate or an upheld rejection', async () => {
      const id = (await report(auth.resident, waterAt(w.compound.id, w.household.id))).id;
      let v = 1;
      for (const [who, command, body] of [
        [auth.manager, 'accept', {}],
        [auth.manager, 'assign', { assigneeId: ids.staff }],
        [auth.staff, 'start', {}],
        [auth.staff, 'resolve', {}],
        [auth.resident, 'rate', { overall: 4 }],
      ] as const)
        await send(who, id, command, { version: v++, ...body }).expect(200);
      expect((await view(auth.grid, id).expect(200)).body.viewer.actions).toEqual(['follow_up']);
      await send(auth.grid, id, 'follow_up', { version: v, satisfied: true }).expect(200);
      expect((await view(auth.grid, id).expect(200)).body.viewer.actions).toEqual([]);

      const dup = (await report(auth.resident, waterAt(w.compound.id, w.household.id))).id;
      await send(auth.manager, dup, 'merge', { version: 1, duplicateOfId: anchors.get(w.compound.id) }).expect(200);
      expect((await view(auth.grid, dup).expect(200)).body.viewer.actions).toEqual([]);

      const upheld = (await report(auth.resident, waterAt(w.compound.id, w.household.id))).id;
      await send(auth.manager, upheld, 'reject', { version: 1, reason: '不属于物业范围' }).expect(200);
      await send(auth.resident, upheld, 'appeal', { version: 2 }).expect(200);
      await send(auth.community, upheld, 'uphold', { version: 3 }).expect(200);
      const closed = (await view(auth.community, upheld).expect(200)).body as TicketView;
      expect(closed.status).toBe('closed');
      expect(closed.viewer.actions).not.toContain('follow_up');
      expect((await send(auth.community, upheld, 'follow_up', { version: 4, satisfied: true }).expect(409)).body.code).toBe(
        'TICKET_INVALID_TRANSITION',
      );
    });

    it('offers 督办 among the actions to supervisors of open tickets only', async () => {
      const id = (await report(auth.resident, waterAt(w.compound.id, w.household.id))).id;
      expect((await view(auth.community, id).expect(200)).body.viewer.actions).toContain('urge');
      expect((await view(auth.street, id).expect(200)).body.viewer.actions).toContain('urge');
      expect((await view(auth.manager, id).expect(200)).body.viewer.actions).not.toContain('urge');
      await send(auth.resident, id, 'cancel', { version: 1 }).expect(200);
      expect((await view(auth.community, id).expect(200)).body.viewer.actions).toEqual([]);
      expect((await send(auth.community, id, 'urge', { note: '请尽快处理' }).expect(409)).body.code).toBe(
        'TICKET_INVALID_TRANSITION',
      );
    });

    it('offers 退单 to the assignee of an assigned or started ticket only, and hands it back to be assigned again', async () => {
      const id = (await report(auth.resident, waterAt(w.compound.id, w.household.id))).id;
      await send(auth.manager, id, 'accept', { version: 1 }).expect(200);
      await send(auth.manager, id, 'assign', { version: 2, assigneeId: ids.staff }).expect(200);
      expect((await view(auth.staff, id).expect(200)).body.viewer.actions).toContain('hand_back');
      expect((await view(auth.staff2, id).expect(200)).body.viewer.actions).not.toContain('hand_back');
      expect((await view(auth.manager, id).expect(200)).body.viewer.actions).not.toContain('hand_back');
      const notYours = await send(auth.manager, id, 'hand_back', { version: 3, reason: '不是我的工种' }).expect(403);
      expect(notYours.body.code).toBe('TICKET_ACTION_NOT_YOURS');
      await send(auth.staff, id, 'pause', { version: 3, reason: '等待配件' }).expect(200);
      expect((await view(auth.staff, id).expect(200)).body.viewer.actions).not.toContain('hand_back');
      const paused = await send(auth.staff, id, 'hand_back', { version: 4, reason: '不是我的工种' }).expect(409);
      expect(paused.body.code).toBe('TICKET_INVALID_TRANSITION');
      await send(auth.staff, id, 'resume', { version: 4 }).expect(200);
      await send(auth.staff, id, 'start', { version: 5 }).expect(200);
      const back = (await send(auth.staff, id, 'hand_back', { version: 6, reason: '不是我的工种' }).expect(200))
        .body as TicketView;
      expect(back).toMatchObject({ status: 'accepted', assigneeId: null, version: 7 });
      expect((await view(auth.manager, id).expect(200)).body.viewer.actions).toContain('assign');
    });

    it('tells a manager who acted on an older version that someone acted first, even when the action is no longer possible', async () => {
      const id = (await report(auth.resident, waterAt(w.compound.id, w.household.id))).id;
      await send(auth.manager, id, 'accept', { version: 1 }).expect(200);
      const late = await send(auth.manager2, id, 'accept', { version: 1 }).expect(409);
      expect(late.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2, status: 'accepted' } });
    });
  });

  describe('generated walks (fast-check; a failure prints its seed: rerun with MACHINE_SEED=<seed>)', () => {
    /** MACHINE_WALKS=300 explores longer by hand; CI runs 25. */
    const WALKS = Number(process.env.MACHINE_WALKS ?? 25);
    const STEPS = { min: 12, max: 20 };
    /** The loop forward more often than detours, and detours more often than endings, so walks get deep. */
    const FORWARD: readonly Command[] = ['accept', 'assign', 'start', 'resume', 'resolve', 'rate', 'follow_up', 'appeal'];
    const ENDINGS: readonly Command[] = ['cancel', 'merge', 'reject', 'uphold'];
    const weight = (c: Command) => (FORWARD.includes(c) ? 6 : ENDINGS.includes(c) ? 1 : 2);

    type Choose = <T>(values: readonly T[]) => T;
    type Worker = keyof typeof ids;
    /** What bodyFor needs to know of the ticket (from the caller's view, or the row when they cannot see it). */
    type Known = Pick<TicketView, 'version' | 'handlerType' | 'assigneeId' | 'compoundId'>;

    /** A request body the API accepts for this command on this ticket, so a refusal can only come from the rules. */
    const bodyFor = (command: Command, v: Known, pick: Choose): object => {
      const version = { version: v.version };
      const workers: readonly Worker[] =
        v.handlerType === 'company' ? ['staff', 'staff2', 'manager', 'manager2'] : ['community', 'community2'];
      switch (command) {
        case 'reject':
          return { ...version, reason: '不属于物业范围' };
        case 'assign':
          return { ...version, assigneeId: ids[pick(workers)] };
        case 'transfer':
          return { ...version, assigneeId: ids[pick(workers.filter((p) => ids[p] !== v.assigneeId))] };
        case 'pause':
          return {
            ...version,
            reason: '等待配件',
            ...(pick([true, false]) ? { until: new Date(t.clock.now().getTime() + 30 * HOUR).toISOString() } : {}),
          };
        case 'resolve':
          return { ...version, note: '已更换三通' };
        case 'rate':
          return { ...version, overall: pick([1, 2, 3, 4, 5]) };
        case 'reopen':
          return { ...version, note: '还在漏' };
        case 'reassign':
          return {
            ...version,
            handlerType: v.compoundId === w.compound.id ? pick(['company', 'community'] as const) : 'community',
          };
        case 'merge':
          return { ...version, duplicateOfId: anchors.get(v.compoundId) };
        case 'follow_up':
          return { ...version, satisfied: pick([true, false]) };
        case 'hand_back':
          return { ...version, reason: '不是我的工种，请改派电工' };
        case 'urge':
          return { note: '请尽快处理' };
        default:
          return version;
      }
    };

    const startTicket = async (start: Start, anonymous: boolean): Promise<TicketView & { reporter: string }> => {
      if (start === 'shared-repair') {
        return { ...(await report(auth.sharedResident, waterAt(w.shared.id, sharedHousehold))), reporter: auth.sharedResident };
      }
      const body =
        start === 'company-repair'
          ? waterAt(w.compound.id, w.household.id)
          : {
              ...waterAt(w.compound.id, w.household.id),
              categoryId: w.categories.service,
              complaintTarget: 'company',
              anonymous,
            };
      return { ...(await report(auth.resident, body)), reporter: auth.resident };
    };

    const wellFormed = (v: TicketView, id: number) => {
      expect(v.id).toBe(id);
      expect(Number.isInteger(v.version)).toBe(true);
      expect(TICKET_STATUSES).toContain(v.status);
      expect(Array.isArray(v.viewer.actors) && Array.isArray(v.viewer.actions)).toBe(true);
      for (const a of v.viewer.actions) expect(TICKET_COMMANDS).toContain(a);
    };

    /** The column the inboxes filter on always says what the status says, whoever wrote the row. */
    const consistent = async (id: number): Promise<Row> => {
      const r = await row(id);
      expect({ status: r.status, isOpen: r.isOpen }).toEqual({ status: r.status, isOpen: isOpenStatus(r.status) });
      tally.statuses.add(r.status);
      return r;
    };

    /**
     * A refusal: 409 TICKET_INVALID_TRANSITION when one of the caller's relations may
     * take the action in another state, 403 TICKET_ACTION_NOT_YOURS when none ever may (督办's route
     * refuses callers who supervise nothing with FORBIDDEN first), 404 when they cannot see the ticket.
     */
    const expectRefused = (res: Response, command: Command, seen: TicketView | null) => {
      const got = { command, status: res.status, code: res.body.code as string };
      tally.refused[res.status as 403 | 404 | 409] = (tally.refused[res.status as 403 | 404 | 409] ?? 0) + 1;
      const forbiddenByRoute = command === 'urge' && got.code === 'FORBIDDEN';
      if (forbiddenByRoute) expect(got.status).toBe(403);
      else if (seen === null) expect(got).toEqual({ command, status: 404, code: 'TICKET_NOT_FOUND' });
      else if (TICKET_RULES[command].by.some((b) => seen.viewer.actors.includes(b)))
        expect(got).toEqual({ command, status: 409, code: 'TICKET_INVALID_TRANSITION' });
      else expect(got).toEqual({ command, status: 403, code: 'TICKET_ACTION_NOT_YOURS' });
    };

    /** An offered action: 200, a well-formed ticket, the status the table says, the version one up (督办: unchanged). */
    const expectTaken = async (res: Response, command: Command, v: TicketView, before: Row, body: object) => {
      expect({ command, status: res.status, code: res.body.code }).toEqual({ command, status: 200, code: undefined });
      const after = res.body as TicketView;
      wellFormed(after, v.id);
      let expected: TicketStatus | null = v.status;
      if (command === 'follow_up') expected = (body as { satisfied: boolean }).satisfied ? 'closed' : 'in_progress';
      else if (command !== 'urge') expected = nextStatus(v.status, command, before.pausedFrom);
      expect({ command, status: after.status }).toEqual({ command, status: expected });
      expect(after.version).toBe(command === 'urge' ? v.version : v.version + 1);
      tally.offeredTaken++;
      tally.taken.add(`${v.status}:${command}`);
    };

    /** One walk: a new ticket, then steps of the sweeper, 我也遇到, or people opening the ticket and tapping. */
    const walk = async (g: fc.GeneratorValue) => {
      const pick: Choose = (values) => g(() => fc.constantFrom(...values));
      const start = pick(STARTS);
      const { id, reporter, compoundId } = await startTicket(start, pick([true, false]));
      const as = (p: Person) => (p === 'reporter' ? reporter : auth[p]);
      const trace: string[] = [`#${id} ${start}`];
      tally.walks++;

      /** The sweeper (deadlines, auto-close) after some time has passed. */
      const sweep = async (before: Row) => {
        const by = pick([11 * MINUTE, 5 * HOUR, 25 * HOUR, 73 * HOUR]);
        t.clock.advance(by);
        await sweeper.sweepOnce();
        const after = await consistent(id);
        trace.push(`sweeper +${by / MINUTE}min: ${before.status} → ${after.status}`);
        // Escalation leaves the status alone; the only change it may make is the machine's `close`.
        if (after.status !== before.status) expect(nextStatus(before.status, 'close')).toBe(after.status);
        tally.sweeps++;
      };

      /** 我也遇到: not a state change; a follower reads the ticket and may do nothing to it. */
      const follow = async () => {
        const res = await http().post(`/api/v1/tickets/${id}/follow`).set('Authorization', auth.neighbour);
        trace.push(`neighbour follows: ${res.status} ${res.body.code ?? ''}`);
        expect([200, 403, 404, 409]).toContain(res.status);
        if (res.status === 200) expect(res.body.viewer).toMatchObject({ following: true, actions: [] });
        tally.follows++;
      };

      /**
       * People open the ticket in a random order. Each tries one thing they are not offered (refused,
       * nothing changes); the first one offered something usually takes it. false: nobody may do
       * anything any more (the walk is over).
       */
      const askAround = async (before: Row): Promise<boolean> => {
        let anyone = false;
        for (const person of g(fc.shuffledSubarray, [...PEOPLE], { minLength: PEOPLE.length })) {
          const got = await view(as(person), id);
          tally.views++;
          expect({ person, status: got.status }).toEqual({ person, status: got.status === 404 ? 404 : 200 });
          const seen = got.status === 200 ? (got.body as TicketView) : null;
          if (seen) wellFormed(seen, id);
          const offered = (seen?.viewer.actions ?? []) as Command[];
          anyone ||= offered.length > 0;
          const refused = pick(COMMANDS.filter((c) => !offered.includes(c)));
          const known: Known = seen ?? { version: before.version, handlerType: 'company', assigneeId: null, compoundId };
          const no = await send(as(person), id, refused, bodyFor(refused, known, pick));
          trace.push(
            `${person} ${refused} (not offered${seen ? ` in ${seen.status}` : ', cannot see it'}): ${no.status} ${no.body.code ?? ''}`,
          );
          expectRefused(no, refused, seen);
          if (seen && offered.length && g(fc.integer, { min: 1, max: 6 }) > 1) {
            const command = pick(offered.flatMap((c) => Array<Command>(weight(c)).fill(c)));
            const body = bodyFor(command, seen, pick);
            const res = await send(as(person), id, command, body);
            trace.push(`${person} ${command} (offered in ${seen.status}): ${res.status} ${res.body.code ?? res.body.status}`);
            await expectTaken(res, command, seen, before, body);
            return true;
          }
        }
        // Nobody acted: the refusals changed nothing.
        expect((await row(id)).version).toBe(before.version);
        return anyone;
      };

      try {
        for (let step = 0, n = g(fc.integer, STEPS); step < n; step++) {
          tally.steps++;
          const before = await consistent(id);
          const roll = g(fc.integer, { min: 1, max: 16 });
          if (roll === 1) await sweep(before);
          else if (roll === 2) await follow();
          else if (!(await askAround(before))) break;
        }
        await consistent(id);
      } catch (error) {
        (error as Error).message = `${(error as Error).message}\n\nwalk:\n  ${trace.join('\n  ')}`;
        throw error;
      }
    };

    let sweeper: SweeperService;

    it(
      `keeps every offered action working and refuses every other one, over ${WALKS} random walks`,
      async () => {
        sweeper = t.app.get(SweeperService);
        const seed = process.env.MACHINE_SEED ? Number(process.env.MACHINE_SEED) : undefined;
        await fc.assert(fc.asyncProperty(fc.gen(), walk), { numRuns: WALKS, seed, endOnFailure: true });
        // The walks must not be degenerate (everything refused): about 6 offered actions a walk are taken
        // on average, 4.6 in the leanest run seen; 3 a walk leaves room for chance, not for a broken walker.
        expect(tally.offeredTaken).toBeGreaterThan(WALKS * 3);
        expect(tally.refused[403] + tally.refused[409]).toBeGreaterThan(WALKS * 10);
      },
      Math.max(SLOW, WALKS * 10_000),
    );
  });

  afterAll(() => {
    const refused = tally.refused[403] + tally.refused[404] + tally.refused[409];
    console.log(
      `state-machine walks: ${tally.walks} walks, ${tally.steps} steps, ${tally.views} views, ` +
        `${tally.offeredTaken} offered actions taken (${tally.taken.size} distinct status:action), ` +
        `${refused} refused (403 ${tally.refused[403]}, 404 ${tally.refused[404]}, 409 ${tally.refused[409]}), ` +
        `${tally.sweeps} sweeps, ${tally.follows} follows, statuses reached: ${[...tally.statuses].sort().join(' ')} taken: ${[...tally.taken].sort().join(' ')}`,
    );
  });
});
