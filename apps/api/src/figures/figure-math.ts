import type {
  FigureCounts,
  FigureRates,
  Figures,
  FigureTicketFilter,
  TicketKind,
  TicketPriority,
  TicketStatus,
} from '@doorstep/contracts';
import { basisPoints } from '../common/basis-points';
import { shanghaiDate } from '../common/shanghai-time';

/**
 * The arithmetic of the 考核指标, defined once (the words are FIGURE_DEFINITIONS in the contracts).
 * Each ticket adds to counts; counts add up level by level; rates are read off the counts at the end.
 * The drill-down asks the same predicates which tickets stand behind a figure.
 */

/** What a figure needs of a ticket: one of the month's 有效工单 (not withdrawn, not merged). */
export interface FigureTicket {
  id: number;
  compoundId: number;
  kind: TicketKind;
  priority: TicketPriority;
  status: TicketStatus;
  createdAt: Date;
  acceptedAt: Date | null;
  acceptDeadline: Date;
  acceptBreached: boolean;
  resolvedAt: Date | null;
  reopenCount: number;
  rating: number | null;
  ratingSpeed: number | null;
  ratingAttitude: number | null;
  followUp: 'satisfied' | 'unsatisfied' | null;
  escalationLevel: number;
}

export function emptyCounts(): FigureCounts {
  return {
    households: 0,
    tickets: 0,
    complaints: 0,
    acceptJudged: 0,
    acceptedOnTime: 0,
    handled: 0,
    resolved: 0,
    resolvedSameDay: 0,
    reopened: 0,
    rated: 0,
    ratingSum: 0,
    speedRated: 0,
    speedSum: 0,
    attitudeRated: 0,
    attitudeSum: 0,
    satisfied: 0,
    followUps: 0,
    satisfiedFollowUps: 0,
    escalated: 0,
    escalatedToStreet: 0,
    urges: 0,
    vetoTickets: 0,
    visitedHouseholds: 0,
    dueFen: 0,
    collectedFen: 0,
  };
}

/** The counts that come from the month's tickets alone (what countTicket adds up). */
export const TICKET_COUNT_KEYS = [
  'tickets',
  'complaints',
  'acceptJudged',
  'acceptedOnTime',
  'handled',
  'resolved',
  'resolvedSameDay',
  'reopened',
  'rated',
  'ratingSum',
  'speedRated',
  'speedSum',
  'attitudeRated',
  'attitudeSum',
  'satisfied',
  'followUps',
  'satisfiedFollowUps',
  'escalated',
  'escalatedToStreet',
  'vetoTickets',
] as const satisfies ReadonlyArray<keyof FigureCounts>;
export type TicketCounts = Pick<FigureCounts, (typeof TICKET_COUNT_KEYS)[number]>;

export function ticketPart(c: FigureCounts): TicketCounts {
  return Object.fromEntries(TICKET_COUNT_KEYS.map((k) => [k, c[k]])) as TicketCounts;
}

export function addTicketPart(into: FigureCounts, from: TicketCounts): void {
  for (const key of TICKET_COUNT_KEYS) into[key] += from[key];
}

export function addCounts(into: FigureCounts, from: FigureCounts): FigureCounts {
  for (const key of Object.keys(into) as Array<keyof FigureCounts>) into[key] += from[key];
  return into;
}

/** Accepted within the deadline: never marked late, and not accepted after it. */
export const acceptedOnTime = (t: FigureTicket): boolean =>
  t.acceptedAt !== null && !t.acceptBreached && t.acceptedAt.getTime() <= t.acceptDeadline.getTime();

/**
 * Whether acceptance can be judged yet: accepted (on time or not), or marked late, or still waiting
 * for acceptance past its deadline. A ticket turned down in time was answered, not accepted: left out.
 */
export const acceptJudged = (t: FigureTicket, now: Date): boolean =>
  t.acceptedAt !== null || t.acceptBreached || (t.status === 'submitted' && now.getTime() >= t.acceptDeadline.getTime());

export const handled = (t: FigureTicket): boolean => t.status !== 'rejected';
export const resolved = (t: FigureTicket): boolean => handled(t) && t.resolvedAt !== null;
export const resolvedSameDay = (t: FigureTicket): boolean =>
  resolved(t) && shanghaiDate(t.resolvedAt!) === shanghaiDate(t.createdAt);
export const reopened = (t: FigureTicket): boolean => resolved(t) && t.reopenCount > 0;
export const satisfied = (t: FigureTicket): boolean => t.rating !== null && t.rating >= 4;
/** 一票否决: a serious problem left unresolved — an emergency, or a ticket the street had to take up. */
export const vetoes = (t: FigureTicket): boolean =>
  handled(t) && !resolved(t) && (t.priority === 'emergency' || t.escalationLevel >= 2);

/** One ticket's contribution to its compound's counts. */
export function countTicket(c: FigureCounts, t: FigureTicket, now: Date): void {
  c.tickets += 1;
  if (t.kind === 'complaint') c.complaints += 1;
  if (acceptJudged(t, now)) {
    c.acceptJudged += 1;
    if (acceptedOnTime(t)) c.acceptedOnTime += 1;
  }
  if (handled(t)) c.handled += 1;
  if (resolved(t)) c.resolved += 1;
  if (resolvedSameDay(t)) c.resolvedSameDay += 1;
  if (reopened(t)) c.reopened += 1;
  if (t.rating !== null) {
    c.rated += 1;
    c.ratingSum += t.rating;
    if (satisfied(t)) c.satisfied += 1;
  }
  if (t.ratingSpeed !== null) {
    c.speedRated += 1;
    c.speedSum += t.ratingSpeed;
  }
  if (t.ratingAttitude !== null) {
    c.attitudeRated += 1;
    c.attitudeSum += t.ratingAttitude;
  }
  if (t.followUp !== null) {
    c.followUps += 1;
    if (t.followUp === 'satisfied') c.satisfiedFollowUps += 1;
  }
  if (t.escalationLevel > 0) c.escalated += 1;
  if (t.escalationLevel >= 2) c.escalatedToStreet += 1;
  if (vetoes(t)) c.vetoTickets += 1;
}

/** Two decimals, half up, from integers only. */
function ratio2(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part * 100) / whole) / 100;
}

export function rates(c: FigureCounts): FigureRates {
  return {
    complaintsPer100: ratio2(c.complaints * 100, c.households),
    onTimeAcceptBp: basisPoints(c.acceptedOnTime, c.acceptJudged),
    sameDayBp: basisPoints(c.resolvedSameDay, c.handled),
    resolutionBp: basisPoints(c.resolved, c.handled),
    reopenBp: basisPoints(c.reopened, c.resolved),
    avgRating: ratio2(c.ratingSum, c.rated),
    avgSpeed: ratio2(c.speedSum, c.speedRated),
    avgAttitude: ratio2(c.attitudeSum, c.attitudeRated),
    satisfiedBp: basisPoints(c.satisfied, c.rated),
    followUpSatisfiedBp: basisPoints(c.satisfiedFollowUps, c.followUps),
    collectionBp: basisPoints(c.collectedFen, c.dueFen),
    visitCoverageBp: basisPoints(c.visitedHouseholds, c.households),
  };
}

export const withRates = (c: FigureCounts): Figures => ({ ...c, ...rates(c) });

/** The drill-down: which tickets stand behind a figure. */
export function matchesFilter(filter: FigureTicketFilter, t: FigureTicket, now: Date): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'complaints':
      return t.kind === 'complaint';
    case 'late_accept':
      return acceptJudged(t, now) && !acceptedOnTime(t);
    case 'not_same_day':
      return handled(t) && !resolvedSameDay(t);
    case 'unresolved':
      return handled(t) && !resolved(t);
    case 'reopened':
      return reopened(t);
    case 'unsatisfied':
      return t.rating !== null && !satisfied(t);
    case 'follow_up_unsatisfied':
      return t.followUp === 'unsatisfied';
    case 'escalated':
      return t.escalationLevel > 0;
    case 'veto':
      return vetoes(t);
  }
}
