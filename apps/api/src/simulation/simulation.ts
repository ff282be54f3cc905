import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  ESCALATION_LABELS,
  type FiguresView,
  type ScoreBoardView,
  type ScoreListView,
  type TicketAction,
} from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain-error';
import { prng } from '../common/prng';
import { shanghaiHour, shanghaiMonth, shanghaiMonthBounds, startOfShanghaiDay } from '../common/shanghai-time';
import { FiguresService, monthBefore } from '../figures/figures.service';
import { ScoresService } from '../scores/scores.service';
import type { CreateTicketDto } from '../tickets/dto/tickets.dto';
import { IntakeService } from '../tickets/intake.service';
import { SweeperService } from '../tickets/sweeper.service';
import { WorkflowService } from '../tickets/workflow.service';
import { buildWorld, type Profile, type SimCompound, type SimWorld } from './world';

/**
 * "A month in a minute" (issue 11): one street's month played through the real ticket services on a
 * frozen clock that the loop moves. Residents report, handlers accept, assign, start and resolve as
 * their profile says, residents rate, the community urges (督办) and follows up (回访); every step of
 * the clock runs the sweeper (deadlines, escalation, auto-close). Then the month's figures, the board,
 * and the published 红黑榜.
 *
 * The services are called in process with each person's Caller, not through HTTP: the controllers are
 * thin (parse, then call these same methods), and skipping JWT, routing and JSON for ~15k actions makes
 * the run several times faster. The HTTP layer has its own tests; the simulation's test reads the
 * figures back over HTTP.
 */

export interface SimulationOptions {
  seed: number;
  /** Tickets reported over the month (about). */
  tickets: number;
  /** 'YYYY-MM', finished by the real clock. */
  month: string;
  /** Days after the month the loop goes on, so its last tickets play out (ratings, escalations). */
  tailDays?: number;
  log?: (line: string) => void;
}

export interface EscalationCounts {
  toCommunity: number;
  toStreet: number;
}

export interface SimulationResult {
  options: Required<Omit<SimulationOptions, 'log'>>;
  world: SimWorld;
  reported: number;
  /** Actions taken, and refused by the services (with their codes), by action. */
  actions: Record<string, number>;
  refused: Record<string, number>;
  sweeps: number;
  escalations: EscalationCounts & { byHandler: Record<string, EscalationCounts> };
  figures: FiguresView;
  board: ScoreBoardView;
  published: ScoreListView;
  /** The simulated time the month was judged at. */
  judgedAt: Date;
  seconds: { world: number; month: number; sweeping: number; figures: number; total: number };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** What a profile means, in minutes and chances. */
interface Behaviour {
  neverAccept: number;
  /** Accepted within the 10 minutes most of the time, or late: [chance on time, late from, late to]. */
  acceptOnTime: number;
  acceptLate: [number, number];
  assign: [number, number];
  start: [number, number];
  resolve: [number, number];
  neverResolve: number;
  /** Answers at night (on call); otherwise the next morning. */
  onCall: boolean;
  rates: number;
  /** Overall stars 5…1. */
  stars: [number, number, number, number, number];
  followUpSatisfied: number;
  /** A ticket left unaccepted may still be taken up after a 督办. */
  urgeHelps: number;
}

const BEHAVIOUR: Record<Profile, Behaviour> = {
  good: {
    neverAccept: 0,
    acceptOnTime: 0.93,
    acceptLate: [12, 40],
    assign: [2, 15],
    start: [10, 60],
    resolve: [20, 180],
    neverResolve: 0,
    onCall: true,
    rates: 0.85,
    stars: [0.62, 0.3, 0.06, 0.02, 0],
    followUpSatisfied: 0.96,
    urgeHelps: 1,
  },
  slow: {
    neverAccept: 0.02,
    acceptOnTime: 0.55,
    acceptLate: [15, 240],
    assign: [10, 120],
    start: [20, 240],
    resolve: [60, 900],
    neverResolve: 0.05,
    onCall: false,
    rates: 0.7,
    stars: [0.25, 0.35, 0.25, 0.1, 0.05],
    followUpSatisfied: 0.8,
    urgeHelps: 0.7,
  },
  negligent: {
    neverAccept: 0.35,
    acceptOnTime: 0.1,
    acceptLate: [60, 720],
    assign: [60, 1440],
    start: [120, 2880],
    resolve: [240, 5760],
    neverResolve: 0.3,
    onCall: false,
    rates: 0.6,
    stars: [0.05, 0.1, 0.25, 0.3, 0.3],
    followUpSatisfied: 0.45,
    urgeHelps: 0.1,
  },
};

/** Category weights by kind: mostly repairs, some complaints, suggestions and questions. */
const KIND_WEIGHT: Record<string, number> = { repair: 0.7, complaint: 0.15, suggestion: 0.15 };
/** Reports by Shanghai hour: few at night, peaks in the morning and the evening. */
const HOUR_WEIGHT = [1, 0.5, 0.3, 0.3, 0.3, 0.6, 2, 5, 8, 9, 8, 7, 6, 6, 7, 7, 7, 8, 9, 9, 7, 5, 3, 2];
/** Staff work 08:00–20:00 Shanghai; outside, a step waits for the morning. */
const WORK_FROM = 8;
const WORK_TO = 20;
/** The sweeper runs every 5 simulated minutes in the day (07:00–22:00), hourly at night. */
const DAY_STEP = 5 * MINUTE;
const NIGHT_STEP = HOUR;
const TAIL_DAYS = 3;

const DESCRIPTIONS: Record<string, string[]> = {
  repair: ['卫生间水管漏水，楼下已经渗水', '楼道灯坏了，晚上看不见', '单元门禁刷卡没反应', '厨房下水道堵了'],
  complaint: ['车辆乱停，消防通道被堵', '垃圾一天没人清运，味道很大', '楼上装修噪音到很晚', '物业人员态度不好'],
  suggestion: ['建议增加电动车充电桩', '想咨询物业费怎么在线缴纳', '建议修剪绿化带树枝'],
};

/** A min-heap of timed actions; equal times keep their order of scheduling (determinism). */
class Agenda {
  private readonly items: Array<{ at: number; seq: number; run: () => Promise<void> }> = [];
  private seq = 0;

  add(at: number, run: () => Promise<void>): void {
    const items = this.items;
    items.push({ at, seq: this.seq++, run });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  /** The next action due by `until`, removed; undefined when none is. */
  takeDue(until: number): { at: number; run: () => Promise<void> } | undefined {
    const items = this.items;
    if (!items.length || items[0].at > until) return undefined;
    const top = items[0];
    const last = items.pop()!;
    if (items.length) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && this.before(l, m)) m = l;
        if (r < items.length && this.before(r, m)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m], items[i]];
        i = m;
      }
    }
    return top;
  }

  private before(a: number, b: number): boolean {
    const x = this.items[a];
    const y = this.items[b];
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }
}

interface Category {
  id: number;
  kind: string;
  weight: number;
}

/** One ticket's fate, drawn when it is reported. */
interface TicketPlan {
  id: number;
  compound: SimCompound;
  reporter: Caller;
  worker: Caller;
  accepts: boolean;
  resolves: boolean;
}

/** The last finished month (Shanghai): the default to simulate. */
export const previousMonth = (now: Date): string => monthBefore(shanghaiMonth(now).label, 1);

export async function simulate(app: INestApplicationContext, options: SimulationOptions): Promise<SimulationResult> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const tailDays = options.tailDays ?? TAIL_DAYS;
  const { start, end } = shanghaiMonthBounds(options.month);
  if (end.getTime() > Date.now()) throw new Error(`month ${options.month} has not finished yet: simulate a past month`);
  const db = app.get<DataSource>(getDataSourceToken());
  const clock = app.get(Clock);
  const intake = app.get(IntakeService);
  const workflow = app.get(WorkflowService);
  const sweeper = app.get(SweeperService);
  const rand = prng(options.seed);
  const between = ([from, to]: [number, number]) => from + rand() * (to - from);
  const chance = (p: number) => rand() < p;

  // The world exists a day before the month; the clock stands still from here on and only the loop moves it.
  clock.freeze(new Date(start.getTime() - DAY));
  const world = await buildWorld(db, rand, new Date(start.getTime() - DAY));
  const worldSeconds = (Date.now() - started) / 1000;
  log(
    `world: ${world.communities.length} communities, ${world.handlers.length} handlers, ${world.compounds.length} compounds, ` +
      `${world.compounds.reduce((n, c) => n + c.households.length, 0)} households (${worldSeconds.toFixed(1)} s)`,
  );

  const categories: Category[] = (
    (await db.query('SELECT id, kind FROM categories WHERE compound_id IS NULL AND active = 1 ORDER BY id')) as Array<{
      id: number;
      kind: string;
    }>
  ).map((c) => ({ id: Number(c.id), kind: c.kind, weight: 0 }));
  for (const kind of Object.keys(KIND_WEIGHT)) {
    const ofKind = categories.filter((c) => c.kind === kind);
    for (const c of ofKind) c.weight = KIND_WEIGHT[kind] / ofKind.length;
  }
  const weighted = <T>(items: T[], weight: (x: T) => number): T => {
    const total = items.reduce((s, x) => s + weight(x), 0);
    let u = rand() * total;
    for (const x of items) {
      u -= weight(x);
      if (u < 0) return x;
    }
    return items[items.length - 1];
  };

  const actions: Record<string, number> = {};
  const refused: Record<string, number> = {};
  const agenda = new Agenda();
  const plans = new Map<number, TicketPlan>();
  const stopAt = end.getTime() + tailDays * DAY;
  const at = (when: number, run: () => Promise<void>) => {
    if (when < stopAt) agenda.add(Math.round(when), run);
  };
  /** Staff steps wait for working hours (the same minutes after 08:00 the next morning). */
  const inWorkingHours = (when: number, onCall = false): number => {
    const hour = shanghaiHour(new Date(when));
    if (onCall || (hour >= WORK_FROM && hour < WORK_TO)) return when;
    const day = startOfShanghaiDay(new Date(when)).getTime();
    const morning = day + WORK_FROM * HOUR + rand() * 90 * MINUTE;
    return hour < WORK_FROM ? morning : morning + DAY;
  };

  /**
   * One state change, counted; a refusal (another step came first) is counted, not fatal. actIn is
   * the same judge-and-apply as the route's act(), on the ticket as it is now, without reading back
   * the view a phone would get.
   */
  const act = async (plan: TicketPlan, caller: Caller, action: TicketAction, extra: Record<string, unknown> = {}) => {
    try {
      await db.transaction((tx) => workflow.actIn(tx, caller, plan.id, action, extra));
      actions[action] = (actions[action] ?? 0) + 1;
      return true;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const key = `${action}:${error.code}`;
      refused[key] = (refused[key] ?? 0) + 1;
      return false;
    }
  };

  const behaviourOf = (plan: TicketPlan) => BEHAVIOUR[plan.compound.handler.profile];
  const stars = (b: Behaviour): number => {
    const u = rand();
    let sum = 0;
    for (let i = 0; i < b.stars.length; i++) {
      sum += b.stars[i];
      if (u < sum) return 5 - i;
    }
    return 1;
  };
  const near = (overall: number) => Math.min(5, Math.max(1, overall + Math.floor(rand() * 3) - 1));

  const accept = (plan: TicketPlan, when: number) =>
    at(when, async () => {
      if (!(await act(plan, plan.compound.handler.manager, 'accept'))) return;
      const b = behaviourOf(plan);
      at(inWorkingHours(clock.now().getTime() + between(b.assign) * MINUTE), () => assign(plan));
    });
  const assign = async (plan: TicketPlan) => {
    if (!(await act(plan, plan.compound.handler.manager, 'assign', { assigneeId: plan.worker.userId }))) return;
    at(inWorkingHours(clock.now().getTime() + between(behaviourOf(plan).start) * MINUTE), () => startWork(plan));
  };
  const startWork = async (plan: TicketPlan) => {
    if (!(await act(plan, plan.worker, 'start'))) return;
    if (plan.resolves) resolveLater(plan);
  };
  const resolveLater = (plan: TicketPlan) =>
    at(inWorkingHours(clock.now().getTime() + between(behaviourOf(plan).resolve) * MINUTE), async () => {
      if (!(await act(plan, plan.worker, 'resolve'))) return;
      afterResolve(plan);
    });
  const afterResolve = (plan: TicketPlan) => {
    const b = behaviourOf(plan);
    const resolvedAt = clock.now().getTime();
    // Residents rate within two days (before the 72 h auto-close), as the profile earned.
    if (chance(b.rates)) {
      const overall = stars(b);
      const detailed = chance(0.6);
      at(resolvedAt + between([10, 48 * 60]) * MINUTE, () =>
        act(plan, plan.reporter, 'rate', {
          overall,
          ...(detailed ? { speed: near(overall), attitude: near(overall) } : {}),
        }).then(() => undefined),
      );
    }
    // The community calls back on some closed tickets (回访), after the rating window.
    if (chance(0.3)) {
      const satisfied = chance(b.followUpSatisfied);
      at(resolvedAt + between([80 * 60, 6 * 24 * 60]) * MINUTE, async () => {
        const admin = world.communities.find((c) => c.id === plan.compound.communityId)!.admin;
        if (!(await act(plan, admin, 'follow_up', { satisfied }))) return;
        // Not satisfied: back to work, supervised; a handler that cares does it again.
        if (!satisfied && !chance(b.neverResolve)) resolveLater(plan);
      });
    }
  };

  const report = async (compound: SimCompound) => {
    const household = compound.households[Math.floor(rand() * compound.households.length)];
    const category = weighted(categories, (c) => c.weight);
    const texts = DESCRIPTIONS[category.kind] ?? DESCRIPTIONS.repair;
    const dto = {
      compoundId: compound.id,
      categoryId: category.id,
      householdId: household.id,
      description: texts[Math.floor(rand() * texts.length)],
    } as CreateTicketDto;
    let id: number;
    try {
      // The report route's insert (place, category, caps, ticket, event, notifications), without the
      // Idempotency-Key record and the view a phone gets back.
      id = await db.transaction((tx) => intake.fileIn(tx, household.resident, dto));
      actions.report = (actions.report ?? 0) + 1;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refused[`report:${error.code}`] = (refused[`report:${error.code}`] ?? 0) + 1;
      return;
    }
    const handler = compound.handler;
    const b = BEHAVIOUR[handler.profile];
    const plan: TicketPlan = {
      id,
      compound,
      reporter: household.resident,
      worker: handler.workers[Math.floor(rand() * handler.workers.length)],
      accepts: !chance(b.neverAccept),
      resolves: !chance(b.neverResolve),
    };
    plans.set(id, plan);
    if (!plan.accepts) return;
    const delay = chance(b.acceptOnTime) ? between([1, 9]) : between(b.acceptLate);
    accept(plan, inWorkingHours(clock.now().getTime() + delay * MINUTE, b.onCall));
  };

  /** 督办: the community each morning on its escalated tickets, the street each afternoon on its own. */
  const urgeRound = async (level: 1 | 2) => {
    const supervisors =
      level === 1
        ? world.communities.map((c) => ({ caller: c.admin, where: 'community_id = ?', id: c.id }))
        : [{ caller: world.streetAdmin, where: 'street_id = ?', id: world.streetId }];
    for (const s of supervisors) {
      const rows = (await db.query(
        `SELECT id, status FROM tickets WHERE ${s.where} AND is_open = 1 AND escalation_level >= ? ORDER BY id`,
        [s.id, level],
      )) as Array<{ id: number; status: string }>;
      for (const r of rows) {
        if (!chance(0.3)) continue;
        const id = Number(r.id);
        try {
          await workflow.urge(s.caller, id, { note: level === 1 ? '请尽快处理，社区督办' : '街道督办，限期办结' });
          actions.urge = (actions.urge ?? 0) + 1;
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          refused[`urge:${error.code}`] = (refused[`urge:${error.code}`] ?? 0) + 1;
          continue;
        }
        // A 督办 sometimes moves a handler that let the ticket lie.
        const plan = plans.get(id);
        if (plan && !plan.accepts && r.status === 'submitted' && chance(BEHAVIOUR[plan.compound.handler.profile].urgeHelps)) {
          plan.accepts = true;
          accept(plan, inWorkingHours(clock.now().getTime() + between([30, 240]) * MINUTE));
        }
      }
    }
  };

  // The month's reports, drawn up front: a day (weekends a little busier), an hour, a compound by its size.
  const days = Math.round((end.getTime() - start.getTime()) / DAY);
  const weekend = (d: number) => [0, 6].includes(new Date(start.getTime() + d * DAY + 8 * HOUR).getUTCDay());
  const dayWeight = Array.from({ length: days }, (_, d) => (weekend(d) ? 1.2 : 1));
  const hours = HOUR_WEIGHT.map((w, h) => ({ h, w }));
  const reportTimes: number[] = [];
  const dayItems = dayWeight.map((w, index) => ({ index, w }));
  for (let i = 0; i < options.tickets; i++) {
    const d = weighted(dayItems, (x) => x.w).index;
    const h = weighted(hours, (x) => x.w).h;
    reportTimes.push(start.getTime() + d * DAY + h * HOUR + Math.floor(rand() * HOUR));
  }
  reportTimes.sort((a, b) => a - b);
  for (const when of reportTimes) {
    const compound = weighted(world.compounds, (c) => c.households.length);
    at(when, () => report(compound));
  }
  for (let d = 0; d < days + tailDays; d++) {
    at(start.getTime() + d * DAY + 2 * HOUR, () => urgeRound(1)); // 10:00 Shanghai
    at(start.getTime() + d * DAY + 7 * HOUR, () => urgeRound(2)); // 15:00 Shanghai
  }

  // The loop: actions in time order at their own minute, the sweeper at every step.
  const monthStarted = Date.now();
  let sweeps = 0;
  let sweepMs = 0;
  let lastLog = Date.now();
  let now = start.getTime();
  clock.advance(now - clock.now().getTime());
  while (now < stopAt) {
    const hour = shanghaiHour(new Date(now));
    const next = Math.min(stopAt, now + (hour >= 7 && hour < 22 ? DAY_STEP : NIGHT_STEP));
    for (let due = agenda.takeDue(next); due; due = agenda.takeDue(next)) {
      clock.advance(Math.max(0, due.at - clock.now().getTime()));
      await due.run();
    }
    clock.advance(next - clock.now().getTime());
    const sweepStarted = Date.now();
    for (;;) {
      const r = await sweeper.sweepOnce();
      sweeps++;
      // A full batch means more may be due at this very minute.
      if (r.escalated + r.closed + r.skipped < 200) break;
    }
    sweepMs += Date.now() - sweepStarted;
    now = next;
    if (Date.now() - lastLog > 5000) {
      log(`  ${new Date(now + 8 * HOUR).toISOString().slice(0, 16)} simulated; ${actions.report ?? 0} reported`);
      lastLog = Date.now();
    }
  }
  const monthSeconds = (Date.now() - monthStarted) / 1000;

  const figuresStarted = Date.now();
  const figures = await app.get(FiguresService).view(world.streetAdmin, 'street', world.streetId, options.month);
  const scores = app.get(ScoresService);
  const board = await scores.compute(world.streetId, options.month);
  const published = await scores.publish(world.streetAdmin, world.streetId, { month: options.month }, undefined);
  const escalations = await countEscalations(db, world);
  const figuresSeconds = (Date.now() - figuresStarted) / 1000;
  return {
    options: { seed: options.seed, tickets: options.tickets, month: options.month, tailDays },
    world,
    reported: actions.report ?? 0,
    actions,
    refused,
    sweeps,
    escalations,
    figures,
    board,
    published,
    judgedAt: clock.now(),
    seconds: {
      world: worldSeconds,
      month: monthSeconds,
      sweeping: sweepMs / 1000,
      figures: figuresSeconds,
      total: (Date.now() - started) / 1000,
    },
  };
}

/** Escalate events of the street's tickets by the level they raised the ticket to (the label the event names). */
async function countEscalations(db: DataSource, world: SimWorld): Promise<SimulationResult['escalations']> {
  const rows = (await db.query(
    `SELECT e.note AS note, t.handler_type AS handler_type, t.handler_company_id AS company_id, t.community_id AS community_id
       FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
      WHERE t.street_id = ? AND e.action = 'escalate'`,
    [world.streetId],
  )) as Array<{ note: string; handler_type: string; company_id: number | null; community_id: number }>;
  const out: SimulationResult['escalations'] = { toCommunity: 0, toStreet: 0, byHandler: {} };
  for (const h of world.handlers) out.byHandler[h.key] = { toCommunity: 0, toStreet: 0 };
  for (const r of rows) {
    const key = r.handler_type === 'company' ? `company:${Number(r.company_id)}` : `society:${Number(r.community_id)}`;
    const level = String(r.note).endsWith(ESCALATION_LABELS[2]) ? 'toStreet' : 'toCommunity';
    out[level]++;
    if (out.byHandler[key]) out.byHandler[key][level]++;
  }
  return out;
}
