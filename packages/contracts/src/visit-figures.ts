import type { IsoTime } from './api';
import type { VisitKind, VisitOutcome } from './visits';

/*
 * The figures of 民情走访 (issue 10), all derived from visits. Periods are Shanghai calendar months
 * ('YYYY-MM', as billing's), days Shanghai calendar days; a visit falls in them by `visitedAt` (the
 * phone's time: when the door was knocked, not when the phone found signal). Rates are basis points
 * (10000 = 100 %, half up) and null when there is nothing to divide by, like CollectionRateView.
 */

/** Longest range one grid-log export covers, in days (a quarter). */
export const GRID_LOG_EXPORT_MAX_DAYS = 92;

/** 'YYYY-MM-DD' (the server also refuses days that do not exist, such as 2026-02-30). */
export const GRID_LOG_DATE_PATTERN = /^20\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export interface CoverageQuery {
  /** 'YYYY-MM'; not after the current month. */
  period: string;
}

/**
 * Coverage of one grid's households in a period.
 *
 * - `households`: households of the grid's buildings (as the grid stands now) entered before the end of
 *   the period; `visitedHouseholds`: those with at least one visit whose outcome is `met` in the period
 *   (a closed door or a refusal is not a visit to the household), by anyone.
 * - `careHouseholds`: those of them with at least one care tag; `onScheduleCareHouseholds`: those never
 *   overdue during the period (up to now, for the current month) — no stretch between met visits longer
 *   than the frequency of the household's most demanding tag plus the one day of grace the overdue list
 *   gives, counted from the last met visit before the period (or from when the household was entered),
 *   exactly as GET /grid/todo counts overdue. Tags and frequencies are today's.
 * - `followUps`: 回访 recorded in the period on the grid's households; `satisfiedFollowUps` those
 *   answered satisfied; `satisfactionRateBp` = 回访满意率.
 */
export interface CoverageFigures {
  households: number;
  visitedHouseholds: number;
  visitRateBp: number | null;
  careHouseholds: number;
  onScheduleCareHouseholds: number;
  onScheduleRateBp: number | null;
  followUps: number;
  satisfiedFollowUps: number;
  satisfactionRateBp: number | null;
}

/**
 * One worker within a grid: the grid's households they met in the period (of all the grid's
 * households), their visits there, and their 回访. Being on schedule belongs to the household, not to
 * who visited, so it is reported per grid only.
 */
export interface CoverageWorkerRow {
  workerId: number;
  workerName: string;
  visits: number;
  visitedHouseholds: number;
  visitRateBp: number | null;
  followUps: number;
  satisfiedFollowUps: number;
  satisfactionRateBp: number | null;
}

export interface CoverageGridRow extends CoverageFigures {
  gridId: number;
  gridName: string;
}

/** GET /grids/:id/coverage: the grid, and its workers (those assigned to it and anyone who visited it in the period). */
export interface CoverageGridView extends CoverageGridRow {
  communityId: number;
  period: string;
  workers: CoverageWorkerRow[];
}

/** GET /communities/:id/coverage: the community's grids side by side; `total` sums the grids' counts. */
export interface CoverageCommunityView {
  communityId: number;
  period: string;
  grids: CoverageGridRow[];
  total: CoverageFigures;
}

export interface GridLogQuery {
  /** 'YYYY-MM-DD', a Shanghai calendar day. */
  date: string;
  /** Default: the caller. The community (and above) may ask for any worker of its grids. */
  workerId?: number;
}

/**
 * 网格日志: one worker's day. `requests` = visits that carried a 诉求 (each became a ticket);
 * `ticketsFiled` = tickets the worker filed that day by any route (created that Shanghai day), so it
 * includes those of the 诉求 and any filed directly. First and last visit by the phone's time;
 * `spanMinutes` from the first to the last (0 for a single visit, null for none).
 */
export interface GridLogDayView {
  workerId: number;
  workerName: string;
  date: string;
  visits: number;
  byKind: Record<VisitKind, number>;
  byOutcome: Record<VisitOutcome, number>;
  requests: number;
  ticketsFiled: number;
  followUps: number;
  satisfiedFollowUps: number;
  firstVisitAt: IsoTime | null;
  lastVisitAt: IsoTime | null;
  /** 'HH:mm' in Shanghai, as the log prints them. */
  firstVisitTime: string | null;
  lastVisitTime: string | null;
  spanMinutes: number | null;
}

/** GET /grid/log.xlsx: one row per day from `from` to `to` inclusive, at most GRID_LOG_EXPORT_MAX_DAYS days. */
export interface GridLogExportQuery {
  from: string;
  to: string;
  workerId?: number;
}
