import { ESCALATION_LABELS, type FigureCounts, type FiguresView } from '@doorstep/contracts';
import { rawTime } from '../src/common/time';
import { simulate, type SimulationResult } from '../src/simulation/simulation';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * "A month in a minute" (issue 11): a small street's month (600 tickets) through the real services, and
 * what must come out of it — checked against the records, counted here by hand with the words of
 * FIGURE_DEFINITIONS and the escalation rules of DESIGN.md, not with the code that computes them.
 */

const MONTH = '2025-06';
const SEED = 11;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The sweeper runs at least hourly in the simulation (every 5 minutes by day). */
const SWEEP_GAP = HOUR;
/** ESCALATE_TO_STREET_HOURS: the community has this long before the street takes a ticket up. */
const TO_STREET = 24 * HOUR;

type Row = Record<string, unknown>;
const time = (v: unknown) => rawTime(v)!;
/** 'YYYY-MM-DD' in Beijing time. */
const beijingDate = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 10);

interface T {
  id: number;
  handler: string;
  compoundId: number;
  kind: string;
  priority: string;
  status: string;
  createdAt: Date;
  acceptDeadline: Date;
  resolveDeadline: Date;
  resolveHours: number | null;
  categoryPriority: string;
  duplicateOf: number | null;
  rating: number | null;
  ratingSpeed: number | null;
  ratingAttitude: number | null;
  escalationLevel: number;
  events: Array<{ action: string; to: string | null; note: string | null; at: Date }>;
}

describe('pnpm simulate: a street month through the ticket services', () => {
  let t: TestApp;
  let result: SimulationResult;
  let tickets: T[];
  let streetAuth: string;

  beforeAll(async () => {
    t = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400) });
    result = await simulate(t.app, { seed: SEED, tickets: 600, month: MONTH });
    const [admin] = await t.db.query('SELECT phone FROM users WHERE id = ?', [result.world.streetAdmin.userId]);
    streetAuth = await t.signIn(String(admin.phone));
    const rows: Row[] = await t.db.query(
      `SELECT t.id, t.compound_id, k.company_id, t.community_id, t.kind, t.priority, t.status, t.created_at, t.accept_deadline,
              t.resolve_deadline, t.duplicate_of_id, t.rating, t.rating_speed, t.rating_attitude, t.escalation_level,
              c.resolve_hours, c.priority AS category_priority
         FROM tickets t JOIN compounds k ON k.id = t.compound_id JOIN categories c ON c.id = t.category_id
        WHERE t.street_id = ? ORDER BY t.id`,
      [result.world.streetId],
    );
    const events: Row[] = await t.db.query(
      `SELECT e.ticket_id, e.action, e.to_status, e.note, e.created_at FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
        WHERE t.street_id = ? ORDER BY e.created_at, e.id`,
      [result.world.streetId],
    );
    const byId = new Map<number, T>();
    tickets = rows.map((r) => {
      const ticket: T = {
        id: Number(r.id),
        handler: r.company_id === null ? `society:${Number(r.community_id)}` : `company:${Number(r.company_id)}`,
        compoundId: Number(r.compound_id),
        kind: String(r.kind),
        priority: String(r.priority),
        status: String(r.status),
        createdAt: time(r.created_at),
        acceptDeadline: time(r.accept_deadline),
        resolveDeadline: time(r.resolve_deadline),
        resolveHours: r.resolve_hours === null ? null : Number(r.resolve_hours),
        categoryPriority: String(r.category_priority),
        duplicateOf: r.duplicate_of_id === null ? null : Number(r.duplicate_of_id),
        rating: r.rating === null ? null : Number(r.rating),
        ratingSpeed: r.rating_speed === null ? null : Number(r.rating_speed),
        ratingAttitude: r.rating_attitude === null ? null : Number(r.rating_attitude),
        escalationLevel: Number(r.escalation_level),
        events: [],
      };
      byId.set(ticket.id, ticket);
      return ticket;
    });
    for (const e of events) {
      byId.get(Number(e.ticket_id))!.events.push({
        action: String(e.action),
        to: e.to_status === null ? null : String(e.to_status),
        note: e.note === null ? null : String(e.note),
        at: time(e.created_at),
      });
    }
  }, 300_000);

  afterAll(() => t?.close());

  const handler = (profile: string) => result.world.handlers.find((h) => h.type === 'company' && h.profile === profile)!;
  const key = (r: { subject: { type: string; id: number } }) => `${r.subject.type}:${r.subject.id}`;

  it('reports about as many tickets as asked, through the services', () => {
    expect(result.reported).toBeGreaterThan(590);
    expect(tickets.length).toBe(result.reported);
    expect(result.escalations.toCommunity).toBeGreaterThan(0);
    expect(result.escalations.toStreet).toBeGreaterThan(0);
  });

  it('puts the negligent company on the published black list and a good one on the red list', async () => {
    const res = await t.http().get(`/api/v1/score-lists/${result.published.id}`).expect(200);
    const negligent = handler('negligent').key;
    expect(res.body.black.map(key)).toContain(negligent);
    expect(res.body.red.map(key)).not.toContain(negligent);
    const good = result.world.handlers.filter((h) => h.type === 'company' && h.profile === 'good').map((h) => h.key);
    expect(res.body.red.map(key).some((k: string) => good.includes(k))).toBe(true);
    expect(res.body.black.map(key).some((k: string) => good.includes(k))).toBe(false);
  });

  /** DESIGN.md: accept by the accept deadline; resolve by the end of the day (next day after 18:00), by the category's hours, emergencies within 4 h. */
  const resolveDeadlineAtReport = (x: T): Date => {
    if (x.categoryPriority === 'emergency') return new Date(x.createdAt.getTime() + Math.min(x.resolveHours ?? 4, 4) * HOUR);
    if (x.resolveHours !== null) return new Date(x.createdAt.getTime() + x.resolveHours * HOUR);
    const day = beijingDate(x.createdAt);
    const endOfDay = new Date(`${day}T00:00:00+08:00`).getTime() + 24 * HOUR;
    const late = new Date(x.createdAt.getTime() + 8 * HOUR).getUTCHours() >= 18;
    return new Date(endOfDay + (late ? 24 * HOUR : 0));
  };

  it('escalates only past a deadline, to the community first and the street 24 h later, at the next sweep', () => {
    const wrong: object[] = [];
    let checked = 0;
    for (const x of tickets) {
      let level = 0;
      let levelSince: Date | null = null;
      let status = 'submitted';
      // The resolve deadline in force: as set at the report, moved by a 回访 that sent the ticket back.
      let resolveBy = resolveDeadlineAtReport(x);
      const problem = (what: string) =>
        wrong.push({ ticket: x.id, what, events: x.events.map((e) => `${e.at.toISOString()} ${e.action} ${e.to ?? ''}`) });
      for (const e of x.events) {
        if (e.action === 'escalate') {
          const to = ESCALATION_LABELS.findIndex((label, i) => i > 0 && e.note!.endsWith(label));
          if (to !== level + 1) problem(`escalated to level ${to} from ${level}`);
          const due =
            to === 1 ? (status === 'submitted' ? x.acceptDeadline : resolveBy) : new Date(levelSince!.getTime() + TO_STREET);
          if (e.at < due) problem(`escalated at ${e.at.toISOString()}, before ${due.toISOString()}`);
          if (e.at.getTime() - due.getTime() > SWEEP_GAP)
            problem(`escalated at ${e.at.toISOString()}, long after ${due.toISOString()}`);
          level = to;
          levelSince = e.at;
          checked++;
        }
        if (e.action === 'follow_up' && e.to === 'in_progress') {
          // 回访 not satisfied: back to work under the community's eye (its 24 h start again), with a fresh deadline.
          if (level <= 1) [level, levelSince] = [1, e.at];
          resolveBy = x.resolveDeadline;
        }
        if (e.to) status = e.to;
      }
      if (level !== x.escalationLevel) problem(`events say level ${level}, the ticket ${x.escalationLevel}`);
      // Nothing overdue was missed: at the end no open ticket sits below the level its deadlines call for.
      const judged = result.judgedAt.getTime() - SWEEP_GAP;
      if (level === 0 && status === 'submitted' && x.acceptDeadline.getTime() <= judged)
        problem('not escalated past its accept deadline');
      if (level === 0 && ['accepted', 'assigned', 'in_progress'].includes(status) && resolveBy.getTime() <= judged)
        problem('not escalated past its resolve deadline');
      if (
        level === 1 &&
        ['submitted', 'accepted', 'assigned', 'in_progress'].includes(status) &&
        levelSince!.getTime() + TO_STREET <= judged
      )
        problem('not escalated to the street 24 h after the community got it');
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(result.escalations.toCommunity + result.escalations.toStreet);
  });

  it('answers GET /figures for the street with the counts made by hand from the tickets and their events', async () => {
    const start = new Date(`${MONTH}-01T00:00:00+08:00`);
    const [y, m] = MONTH.split('-').map(Number);
    const end = new Date(`${m === 12 ? y + 1 : y}-${String((m % 12) + 1).padStart(2, '0')}-01T00:00:00+08:00`);
    const inMonth = (d: Date) => d >= start && d < end;
    const judgedAt = result.judgedAt;

    const byHand = new Map<string, Partial<FigureCounts>>();
    const add = (h: string, field: keyof FigureCounts, n = 1) => {
      const c = byHand.get(h) ?? {};
      c[field] = (c[field] ?? 0) + n;
      byHand.set(h, c);
    };
    for (const x of tickets) {
      // 有效工单: reported this month, not withdrawn, not merged as a duplicate.
      if (!inMonth(x.createdAt) || x.status === 'cancelled' || x.duplicateOf !== null) continue;
      const h = x.handler;
      add(h, 'tickets');
      if (x.kind === 'complaint') add(h, 'complaints');
      const accepted = x.events.find((e) => e.action === 'accept');
      // 按时受理率: accepted within the deadline ÷ accepted, plus past the deadline still not accepted.
      if (accepted || judgedAt >= x.acceptDeadline) {
        add(h, 'acceptJudged');
        if (accepted && accepted.at <= x.acceptDeadline) add(h, 'acceptedOnTime');
      }
      const handled = x.status !== 'rejected';
      const resolved = handled && ['resolved', 'closed'].includes(x.status);
      if (handled) add(h, 'handled');
      if (resolved) {
        add(h, 'resolved');
        const lastResolve = x.events.filter((e) => e.action === 'resolve').pop()!;
        if (beijingDate(lastResolve.at) === beijingDate(x.createdAt)) add(h, 'resolvedSameDay');
        if (x.events.some((e) => e.action === 'reopen' || (e.action === 'follow_up' && e.to === 'in_progress')))
          add(h, 'reopened');
      }
      if (x.rating !== null) {
        add(h, 'rated');
        add(h, 'ratingSum', x.rating);
        if (x.rating >= 4) add(h, 'satisfied');
      }
      if (x.ratingSpeed !== null) {
        add(h, 'speedRated');
        add(h, 'speedSum', x.ratingSpeed);
      }
      if (x.ratingAttitude !== null) {
        add(h, 'attitudeRated');
        add(h, 'attitudeSum', x.ratingAttitude);
      }
      const followUp = x.events.find((e) => e.action === 'follow_up');
      if (followUp) {
        add(h, 'followUps');
        if (followUp.to === 'closed') add(h, 'satisfiedFollowUps');
      }
      const raised = x.events.some((e) => e.action === 'escalate' || (e.action === 'follow_up' && e.to === 'in_progress'));
      const toStreet = x.events.some((e) => e.action === 'escalate' && e.note!.endsWith(ESCALATION_LABELS[2]));
      if (raised) add(h, 'escalated');
      if (toStreet) add(h, 'escalatedToStreet');
      // 一票否决: an emergency or a ticket the street took up, not resolved.
      if (handled && !resolved && (x.priority === 'emergency' || toStreet)) add(h, 'vetoTickets');
    }
    // 督办: urges made during the month on any of the handler's tickets.
    for (const x of tickets) for (const e of x.events) if (e.action === 'urge' && inMonth(e.at)) add(x.handler, 'urges');
    // Households on file at the month's end (the dates compared here: SQLite binds no Date).
    const households: Row[] = await t.db.query(
      `SELECT k.company_id, k.community_id, h.created_at FROM households h JOIN compounds k ON k.id = h.compound_id
        JOIN communities c ON c.id = k.community_id WHERE c.street_id = ?`,
      [result.world.streetId],
    );
    for (const r of households) {
      if (time(r.created_at) >= end) continue;
      add(r.company_id === null ? `society:${Number(r.community_id)}` : `company:${Number(r.company_id)}`, 'households');
    }

    const res = await t
      .http()
      .get('/api/v1/figures')
      .query({ scope: 'street', id: result.world.streetId, month: MONTH })
      .set('Authorization', streetAuth)
      .expect(200);
    const view = res.body as FiguresView;
    const fields = Object.keys(view.figures).filter((k) => !k.endsWith('Bp') && !k.startsWith('avg') && k !== 'complaintsPer100');
    const pick = (c: Partial<FigureCounts>) => Object.fromEntries(fields.map((f) => [f, c[f as keyof FigureCounts] ?? 0]));
    expect(view.handlers.map(key).sort()).toEqual([...byHand.keys()].sort());
    for (const row of view.handlers)
      expect({ handler: key(row), ...pick(row.figures) }).toEqual({ handler: key(row), ...pick(byHand.get(key(row))!) });
    const street: Partial<FigureCounts> = {};
    for (const c of byHand.values())
      for (const [f, n] of Object.entries(c)) street[f as keyof FigureCounts] = (street[f as keyof FigureCounts] ?? 0) + n;
    expect(pick(view.figures)).toEqual(pick(street));
    // And a rate, by its words: 按时受理率 of the street, in basis points, half up.
    expect(view.figures.onTimeAcceptBp).toBe(Math.round((street.acceptedOnTime! * 10000) / street.acceptJudged!));
  });
});
