import type { IsoTime } from './api';
import type { FigureKey, Figures, FigureSubject } from './figures';

/*
 * 物业定星、小区定级 and the 红黑榜 (issue 11): a weighted score out of 100 from the month's figures,
 * per handler (company or 共享物业社) and per compound, with weights and thresholds each street sets.
 *
 * The default follows the published schemes it was read beside, kept simple enough to explain:
 * - like Qingdao's 100-point sheet, each figure is worth a fixed share of 100 points and a handler loses
 *   the share of a figure it misses (timely handling is worth points, not a pass/fail);
 * - like the provincial 信用评价 (AAA … C), a compound gets a grade from its score;
 * - like Beijing's 红黑榜, only the top and the bottom are published, and a one-vote veto (一票否决: a
 *   serious problem left unresolved) sends a handler to the black list whatever its score.
 */

/** The figures a score is made of (each FIGURE_DEFINITIONS[key] says what it counts). */
export const SCORE_METRICS = [
  'onTimeAcceptBp',
  'sameDayBp',
  'resolutionBp',
  'satisfiedBp',
  'followUpSatisfiedBp',
  'complaintsPer100',
  'reopenBp',
  'collectionBp',
] as const satisfies readonly FigureKey[];
export type ScoreMetric = (typeof SCORE_METRICS)[number];

export const SCORE_GRADES = ['AAA', 'AA', 'A', 'B', 'C'] as const;
export type ScoreGrade = (typeof SCORE_GRADES)[number];

export interface ScoreSchemeSettings {
  /** Points each figure is worth; they need not add up to 100 (the score is scaled to 100). */
  weights: Record<ScoreMetric, number>;
  /** Complaints per 100 households at which 投诉率 earns nothing (between 0 and it, points fall evenly). */
  complaintCeilingPer100: number;
  /** The least score for 2, 3, 4 and 5 stars, rising; below the first, 1 star. */
  starThresholds: [number, number, number, number];
  /** The least score for AAA, AA, A and B, falling; below the last, C. */
  gradeThresholds: [number, number, number, number];
  /** How many handlers the red list and the black list name at most (vetoed ones come on top of it). */
  listSize: number;
  /** The red list only takes handlers scoring at least this. */
  redMinScore: number;
  /** The black list only takes handlers scoring below this (vetoed ones whatever their score). */
  blackBelowScore: number;
  /** Handlers with fewer of the month's tickets are scored but not ranked: too few to judge. */
  minTickets: number;
  /** 一票否决: an emergency or a ticket escalated to the street still unresolved. */
  veto: boolean;
}

export const DEFAULT_SCORE_SCHEME: ScoreSchemeSettings = {
  weights: {
    onTimeAcceptBp: 15,
    sameDayBp: 15,
    resolutionBp: 20,
    satisfiedBp: 20,
    followUpSatisfiedBp: 10,
    complaintsPer100: 10,
    reopenBp: 5,
    collectionBp: 5,
  },
  complaintCeilingPer100: 10,
  starThresholds: [60, 70, 80, 90],
  gradeThresholds: [90, 80, 70, 60],
  listSize: 3,
  redMinScore: 80,
  blackBelowScore: 60,
  minTickets: 5,
  veto: true,
};

/** GET /streets/:id/score-scheme: the street's own, or the default (version 0) until it sets one. */
export interface ScoreSchemeView extends ScoreSchemeSettings {
  streetId: number;
  version: number;
  updatedAt: IsoTime | null;
}

export interface UpdateScoreSchemeRequest extends ScoreSchemeSettings {
  /** The version read (0 for the default); 409 when someone changed it meanwhile. */
  version: number;
}

/** Points a figure cost: its weight share not earned (scaled to 100). */
export interface ScoreDeduction {
  metric: ScoreMetric;
  label: string;
  points: number;
}

export type ListPlace = 'red' | 'black' | null;

export interface ScoreRow {
  subject: FigureSubject;
  /** Out of 100, one decimal; null for a month without tickets (nothing to judge the service by). */
  score: number | null;
  stars: number | null;
  grade: ScoreGrade | null;
  /** Why points were lost, largest first. */
  deductions: ScoreDeduction[];
  /** 一票否决: the tickets that caused it (count), else 0. */
  vetoTickets: number;
  /** Place in the street's ranking of handlers, 1 = best; null when not ranked (too few tickets). */
  rank: number | null;
  list: ListPlace;
  figures: Figures;
}

/** GET /streets/:id/scores: the month as it would be published now (not frozen). */
export interface ScoreBoardView {
  streetId: number;
  streetName: string;
  month: string;
  schemeVersion: number;
  /** Companies and 共享物业社, best first (unranked ones last). */
  handlers: ScoreRow[];
  /** 小区定级: every compound with its grade. */
  compounds: ScoreRow[];
  computedAt: IsoTime;
}

export interface PublishScoreListRequest {
  /** A finished month ('YYYY-MM', before the current one). */
  month: string;
  /** Required when the month was published before: why it is published again. */
  reason?: string;
}

export interface ScoreListSummary {
  id: number;
  streetId: number;
  month: string;
  version: number;
  reason: string | null;
  publishedAt: IsoTime;
  publishedByName: string;
}

/**
 * A published 红黑榜, frozen: what the street published on its date, whatever happens to the tickets
 * later. Public: the red and black lists with the figures behind each place, and every compound's
 * grade. The rest of the ranking stays with the street (and each company sees its own row).
 */
export interface ScoreListView extends ScoreListSummary {
  streetName: string;
  schemeVersion: number;
  red: ScoreRow[];
  black: ScoreRow[];
  compounds: Array<{ subject: FigureSubject; grade: ScoreGrade | null; score: number | null }>;
  /** Whether a later version of the same month exists (this one was superseded). */
  superseded: boolean;
}

/** GET /companies/:id/score: the company's own row of the latest published list of each street it serves. */
export interface CompanyScoreView {
  companyId: number;
  month: string;
  rows: Array<{ list: ScoreListSummary; row: ScoreRow }>;
}

/** GET /compounds/:id/rating: what a resident sees on the board — the latest published verdict. */
export interface CompoundRatingView {
  compoundId: number;
  month: string | null;
  listId: number | null;
  handler: FigureSubject | null;
  stars: number | null;
  score: number | null;
  list: ListPlace;
  rank: number | null;
  ranked: number;
  grade: ScoreGrade | null;
}
