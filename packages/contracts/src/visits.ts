import type { IsoTime, PageQuery } from './api';
import type { CareTag } from './enums';
import type { FollowUpOutcome } from './tickets';

/*
 * 民情走访: grid workers' door-to-door visits. A visit is made on the phone, often without signal, and
 * carries an id made there (`clientId`): sent once or five times, out of order, it is stored once. What
 * a resident asks for (诉求) becomes a ticket on the household's behalf in the same step; a 回访 of a
 * resolved ticket is a visit too and drives the ticket as the ticket machine defines.
 */

export const VISIT_KINDS = ['routine', 'care', 'mediation', 'safety', 'publicity', 'follow_up'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

export const VISIT_KIND_LABELS: Record<VisitKind, string> = {
  routine: '常规走访',
  care: '关爱走访',
  mediation: '矛盾调解',
  safety: '安全检查',
  publicity: '政策宣传',
  follow_up: '回访',
};

export const VISIT_OUTCOMES = ['met', 'not_home', 'refused'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

export const VISIT_OUTCOME_LABELS: Record<VisitOutcome, string> = {
  met: '已见面',
  not_home: '不在家',
  refused: '拒绝走访',
};

export const VISIT_LIMITS = {
  notesMax: 500,
  placeNameMax: 64,
  photosMax: 3,
  /** Visits in one sync request; a phone with more sends several. */
  batchMax: 50,
  /** The phone's clock may be off, but not by more than this into the future. */
  clockSkewMaxMs: 10 * 60_000,
  /** A visit older than this (phone's time) is refused: a queue that old is a bug, not a visit. */
  ageMaxDays: 31,
} as const;

/** A client id: a version-4 UUID made on the phone. */
export const VISIT_CLIENT_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Default visit frequency per care tag, in days (a community may change them). */
export const DEFAULT_CARE_FREQUENCY_DAYS: Record<CareTag, number> = {
  elderly_alone: 7,
  empty_nest: 14,
  disabled: 14,
  low_income: 30,
  veteran: 30,
  special_care: 7,
};
/** Households without a care tag: once a quarter. */
export const DEFAULT_ROUTINE_FREQUENCY_DAYS = 90;

/**
 * One visit as the phone sends it. Exactly one of `householdId` or (`compoundId` + `placeName`): a
 * household, or a public place (楼道, 广场 …) of a compound. `request` files a ticket (source grid_visit)
 * for the household; `followUp` records the 回访 of a closed ticket of that household whose work was done (kind must be
 * `follow_up`).
 */
export interface NewVisit {
  clientId: string;
  householdId?: number;
  compoundId?: number;
  placeName?: string;
  kind: VisitKind;
  outcome: VisitOutcome;
  notes?: string;
  /** Uploads made by the caller (POST /uploads) before the visit is sent. */
  photoIds?: number[];
  /** When it happened, by the phone's clock. */
  visitedAt: IsoTime;
  location?: { latitude: number; longitude: number };
  request?: { categoryId: number; description: string };
  followUp?: { ticketId: number; outcome: FollowUpOutcome; note?: string };
}

/** Up to VISIT_LIMITS.batchMax visits, in the order they were made. */
export interface SyncVisitsRequest {
  visits: NewVisit[];
}

export type SyncVisitStatus = 'stored' | 'duplicate' | 'refused';

/**
 * Per visit, in the order sent: `stored` (new), `duplicate` (stored before; the same ids come back),
 * `refused` with the error a person can read — never dropped silently. One refused visit does not stop
 * the others.
 */
export interface SyncVisitResult {
  clientId: string;
  status: SyncVisitStatus;
  visitId: number | null;
  ticketId: number | null;
  error: { code: string; message: string } | null;
}

export interface SyncVisitsView {
  results: SyncVisitResult[];
}

export interface VisitView {
  id: number;
  clientId: string;
  workerId: number;
  workerName: string;
  gridId: number | null;
  compoundId: number;
  householdId: number | null;
  householdLabel: string | null;
  placeName: string | null;
  kind: VisitKind;
  outcome: VisitOutcome;
  notes: string | null;
  photoIds: number[];
  visitedAt: IsoTime;
  /** When the server stored it (the phone's time may differ). */
  receivedAt: IsoTime;
  location: { latitude: number; longitude: number } | null;
  ticketId: number | null;
  followUp: { ticketId: number; outcome: FollowUpOutcome } | null;
}

export interface ListVisitsQuery extends PageQuery {
  householdId?: number;
  gridId?: number;
  workerId?: number;
  /** visitedAt at or after, ISO time. */
  from?: string;
  /** visitedAt before, ISO time. */
  to?: string;
}

export interface GridMemberView {
  name: string;
  relation: string;
  /** Full for the grid's workers and the community (household.contact), masked otherwise. */
  phone: string | null;
}

/** A household as its grid worker sees it: members, care tags, when it was last visited and is next due. */
export interface GridHouseholdView {
  id: number;
  compoundId: number;
  compoundName: string;
  buildingId: number;
  buildingName: string;
  gridId: number;
  unit: string;
  room: string;
  ownerName: string | null;
  ownerPhone: string | null;
  members: GridMemberView[];
  careTags: CareTag[];
  lastVisitAt: IsoTime | null;
  /** Last visit + the frequency of its most demanding tag (or the routine one). */
  nextDueAt: IsoTime;
  overdueDays: number;
  openTickets: number;
}

export interface ListGridHouseholdsQuery extends PageQuery {
  /** Building name, unit or room, or the owner's name. */
  q?: string;
  careTag?: CareTag;
  /** A scanned code of a compound (扫码): its households in the caller's grids. */
  compoundId?: number;
  buildingId?: number;
  /** Only households past their due date, most overdue first. */
  overdue?: boolean;
}

/** A household with its visits and tickets. */
export interface GridHouseholdDetailView extends GridHouseholdView {
  visits: VisitView[];
  tickets: Array<{ id: number; ticketNo: string; status: string; categoryName: string; createdAt: IsoTime }>;
}

/** The worker's to-do: care visits overdue (most overdue first) and 回访 of closed tickets (work done, rated or auto-closed). */
export interface GridTodoView {
  overdue: GridHouseholdView[];
  followUps: Array<{
    ticketId: number;
    ticketNo: string;
    householdId: number;
    householdLabel: string;
    categoryName: string;
    resolvedAt: IsoTime;
  }>;
}

/** Per community, days between visits for each care tag (and households without one). */
export interface CareFrequencyView {
  communityId: number;
  days: Record<CareTag, number>;
  routineDays: number;
}

export interface UpdateCareFrequencyRequest {
  days?: Partial<Record<CareTag, number>>;
  routineDays?: number;
}
