import { DEFAULT_SCORE_SCHEME, type Figures, type ScoreRow } from '@doorstep/contracts';
import { emptyCounts, withRates } from '../figures/figure-math';
import { gradeFor, rankHandlers, schemeProblems, scoreOf, starsFor } from './score-math';

const scheme = { ...DEFAULT_SCORE_SCHEME, listSize: 2, minTickets: 5 };

/** A handler whose every ticket went the same way: `good` of `tickets` on time, same day, satisfied. */
function figures(tickets: number, good: number, extra: Partial<Figures> = {}): Figures {
  const c = emptyCounts();
  Object.assign(c, {
    households: 100,
    tickets,
    acceptJudged: tickets,
    acceptedOnTime: good,
    handled: tickets,
    resolved: tickets,
    resolvedSameDay: good,
    rated: tickets,
    ratingSum: good * 5 + (tickets - good) * 2,
    satisfied: good,
  });
  return { ...withRates(c), ...extra };
}

const row = (id: number, f: Figures): ScoreRow => scoreOf({ type: 'company', id, name: `物业${id}` }, f, scheme);

describe('score-math', () => {
  it('scores the share of each weight earned, scaled over the figures that exist', () => {
    // on time, same day, resolved, satisfied, 投诉率 0, 重办率 0; no 回访 and no bills: 85 points in play.
    expect(row(1, figures(10, 10)).score).toBe(100);
    // 5 of 10: loses half of 15 + 15 + 20 = 25 of 85 → 70.6
    const half = row(2, figures(10, 5));
    expect(half.score).toBe(70.6);
    expect(half.deductions.map((d) => [d.metric, d.points])).toEqual([
      ['satisfiedBp', 11.8],
      ['onTimeAcceptBp', 8.8],
      ['sameDayBp', 8.8],
    ]);
  });

  it('gives no score to a month without tickets', () => {
    expect(row(3, figures(0, 0))).toMatchObject({ score: null, stars: null, grade: null, deductions: [] });
  });

  it('reads stars and grades off the thresholds', () => {
    expect([59.9, 60, 75, 89.9, 90, 100].map((s) => starsFor(s, scheme))).toEqual([1, 2, 3, 4, 5, 5]);
    expect([95, 90, 80, 70, 60, 59.9].map((s) => gradeFor(s, scheme))).toEqual(['AAA', 'AAA', 'AA', 'A', 'B', 'C']);
  });

  it('fills the red list from the top and the black list from the bottom, never both', () => {
    const rows = [100, 95, 90, 55, 50, 45].map((score, i) => ({ ...row(i + 1, figures(10, 10)), score }));
    const placed = rankHandlers(rows, scheme);
    expect(placed.map((r) => [r.rank, r.list])).toEqual([
      [1, 'red'],
      [2, 'red'],
      [3, null],
      [4, null],
      [5, 'black'],
      [6, 'black'],
    ]);
  });

  it('puts a vetoed handler on the black list whatever its score, ranked or not', () => {
    const vetoed = { ...row(1, figures(10, 10, { vetoTickets: 1 })) };
    const fewButVetoed = { ...row(2, figures(2, 2, { vetoTickets: 1 })) };
    const placed = rankHandlers([vetoed, fewButVetoed, row(3, figures(10, 9))], scheme);
    expect(placed.map((r) => [r.subject.id, r.rank, r.list])).toEqual([
      [1, 1, 'black'],
      [3, 2, 'red'],
      [2, null, 'black'],
    ]);
  });

  it('refuses thresholds out of order and all-zero weights', () => {
    expect(schemeProblems(DEFAULT_SCORE_SCHEME)).toEqual([]);
    const zero = Object.fromEntries(
      Object.keys(DEFAULT_SCORE_SCHEME.weights).map((k) => [k, 0]),
    ) as typeof DEFAULT_SCORE_SCHEME.weights;
    expect(schemeProblems({ ...DEFAULT_SCORE_SCHEME, weights: zero, starThresholds: [60, 60, 80, 90] })).toHaveLength(2);
  });
});
