import {
  FIGURE_DEFINITIONS,
  SCORE_METRICS,
  type FigureSubject,
  type Figures,
  type ScoreDeduction,
  type ScoreGrade,
  type ScoreMetric,
  type ScoreRow,
  type ScoreSchemeSettings,
} from '@doorstep/contracts';

/**
 * The arithmetic of 物业定星、小区定级 and the 红黑榜, from a subject's figures and its street's scheme.
 * Pure: the board, the publication and the simulation's check all go through it.
 */

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The share of a figure's points earned, 0…1; null when the figure has nothing to divide by. */
export function earnedShare(metric: ScoreMetric, f: Figures, scheme: ScoreSchemeSettings): number | null {
  const v = f[metric];
  if (v === null) return null;
  if (metric === 'complaintsPer100') return Math.max(0, 1 - v / scheme.complaintCeilingPer100);
  if (metric === 'reopenBp') return 1 - v / 10000;
  return v / 10000;
}

export function starsFor(score: number, scheme: ScoreSchemeSettings): number {
  return 1 + scheme.starThresholds.filter((t) => score >= t).length;
}

export function gradeFor(score: number, scheme: ScoreSchemeSettings): ScoreGrade {
  const grades: ScoreGrade[] = ['AAA', 'AA', 'A', 'B'];
  const i = scheme.gradeThresholds.findIndex((t) => score >= t);
  return i === -1 ? 'C' : grades[i];
}

/**
 * Score out of 100: the points of the figures that could be computed, scaled to 100 (a compound without
 * bills is not punished for having none). Each figure's missed share is a deduction. No tickets, no score.
 */
export function scoreOf(subject: FigureSubject, figures: Figures, scheme: ScoreSchemeSettings): ScoreRow {
  const parts = SCORE_METRICS.map((metric) => ({
    metric,
    weight: scheme.weights[metric],
    share: earnedShare(metric, figures, scheme),
  })).filter((p): p is { metric: ScoreMetric; weight: number; share: number } => p.share !== null && p.weight > 0);
  const total = parts.reduce((sum, p) => sum + p.weight, 0);
  // A month without a single ticket says nothing about the service: no score rather than 100 from 投诉率 alone.
  const score =
    total > 0 && figures.tickets > 0 ? round1((100 * parts.reduce((sum, p) => sum + p.weight * p.share, 0)) / total) : null;
  const deductions: ScoreDeduction[] = (score === null ? [] : parts)
    .map((p) => ({
      metric: p.metric,
      label: FIGURE_DEFINITIONS[p.metric].label,
      points: round1((100 * p.weight * (1 - p.share)) / total),
    }))
    .filter((d) => d.points > 0)
    .sort((a, b) => b.points - a.points);
  return {
    subject,
    score,
    stars: score === null ? null : starsFor(score, scheme),
    grade: score === null ? null : gradeFor(score, scheme),
    deductions,
    vetoTickets: scheme.veto ? figures.vetoTickets : 0,
    rank: null,
    list: null,
    figures,
  };
}

/**
 * Ranks handlers best first and places them: the red list takes the top `listSize` scoring at least
 * `redMinScore` and not vetoed; the black list every vetoed handler, then the bottom `listSize` scoring
 * below `blackBelowScore`. Handlers with fewer than `minTickets` tickets are not ranked (listed last),
 * but a veto still puts them on the black list.
 */
export function rankHandlers(rows: ScoreRow[], scheme: ScoreSchemeSettings): ScoreRow[] {
  const rankable = (r: ScoreRow) => r.score !== null && r.figures.tickets >= scheme.minTickets;
  const ranked = rows
    .filter(rankable)
    .sort(
      (a, b) =>
        b.score! - a.score! ||
        b.figures.tickets - a.figures.tickets ||
        a.subject.type.localeCompare(b.subject.type) ||
        a.subject.id - b.subject.id,
    )
    .map((r, i) => ({ ...r, rank: i + 1, list: null as ScoreRow['list'] }));
  const unranked = rows.filter((r) => !rankable(r)).map((r) => ({ ...r, rank: null, list: null as ScoreRow['list'] }));
  const all = [...ranked, ...unranked];
  for (const r of all) if (r.vetoTickets > 0) r.list = 'black';
  ranked
    .filter((r) => r.list === null && r.score! >= scheme.redMinScore)
    .slice(0, scheme.listSize)
    .forEach((r) => (r.list = 'red'));
  ranked
    .filter((r) => r.list === null && r.score! < scheme.blackBelowScore)
    .slice(-scheme.listSize)
    .forEach((r) => (r.list = 'black'));
  return all;
}

/** Thresholds must rise (stars) and fall (grades), weights be non-negative and not all zero. */
export function schemeProblems(s: ScoreSchemeSettings): string[] {
  const problems: string[] = [];
  const rising = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]);
  if (!rising(s.starThresholds)) problems.push('starThresholds must rise');
  if (!rising([...s.gradeThresholds].reverse())) problems.push('gradeThresholds must fall');
  if (!SCORE_METRICS.some((m) => s.weights[m] > 0)) problems.push('at least one weight must be above 0');
  if (s.blackBelowScore > s.redMinScore) problems.push('blackBelowScore must not be above redMinScore');
  return problems;
}
