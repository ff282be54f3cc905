import type { Figures, MeView, RoleAssignmentView } from '@doorstep/contracts';

import {
  bpText,
  chartLabel,
  chartValue,
  defaultScope,
  drillScope,
  figureText,
  figureTicketsUrl,
  HEADLINE_KEYS,
  monthLabel,
  scopeFromParams,
  shiftMonth,
  shortLabel,
  ticketFilterOf,
  validMonth,
} from './figure-text';

const figures = {
  tickets: 12,
  complaintsPer100: 1.5,
  onTimeAcceptBp: 6667,
  sameDayBp: null,
  satisfiedBp: 10000,
  avgRating: 4.5,
  escalated: 0,
} as unknown as Figures;

function me(...roles: Array<Pick<RoleAssignmentView, 'role' | 'scopeType' | 'scopeId'>>): MeView {
  return { roles: roles.map((r, i) => ({ id: i + 1, scopeName: null, ...r })), memberships: [] } as unknown as MeView;
}

describe('bpText', () => {
  it('shows basis points as a percentage with one decimal, half up, and — for nothing to divide by', () => {
    expect(bpText(10000)).toBe('100.0%');
    expect(bpText(8555)).toBe('85.6%');
    expect(bpText(8554)).toBe('85.5%');
    expect(bpText(6667)).toBe('66.7%');
    expect(bpText(5)).toBe('0.1%');
    expect(bpText(0)).toBe('0.0%');
    expect(bpText(null)).toBe('—');
  });
});

describe('figureText and the chart values', () => {
  it('writes each figure in its unit', () => {
    expect(figureText('tickets', figures)).toBe('12');
    expect(figureText('onTimeAcceptBp', figures)).toBe('66.7%');
    expect(figureText('sameDayBp', figures)).toBe('—');
    expect(figureText('complaintsPer100', figures)).toBe('1.50');
    expect(figureText('avgRating', figures)).toBe('4.50');
    expect(figureText('escalated', figures)).toBe('0');
  });

  it('plots rates as percent and labels them back the same way', () => {
    expect(chartValue('onTimeAcceptBp', figures)).toBeCloseTo(66.67);
    expect(chartLabel('onTimeAcceptBp', chartValue('onTimeAcceptBp', figures))).toBe('66.7%');
    expect(chartValue('sameDayBp', figures)).toBeNull();
    expect(chartLabel('sameDayBp', null)).toBe('—');
    expect(chartLabel('tickets', chartValue('tickets', figures))).toBe('12');
  });

  it('names the cards without the unit note', () => {
    expect(shortLabel('complaintsPer100')).toBe('投诉率');
    expect(HEADLINE_KEYS.map(shortLabel)).toEqual([
      '有效工单',
      '按时受理率',
      '当日办结率',
      '满意率',
      '回访满意率',
      '投诉率',
      '升级件数',
      '督办次数',
      '收缴率',
      '走访覆盖率',
    ]);
  });
});

describe('ticketFilterOf', () => {
  it('picks the tickets that pulled each figure down', () => {
    expect(ticketFilterOf('tickets')).toBe('all');
    expect(ticketFilterOf('onTimeAcceptBp')).toBe('late_accept');
    expect(ticketFilterOf('sameDayBp')).toBe('not_same_day');
    expect(ticketFilterOf('satisfiedBp')).toBe('unsatisfied');
    expect(ticketFilterOf('followUpSatisfiedBp')).toBe('follow_up_unsatisfied');
    expect(ticketFilterOf('escalated')).toBe('escalated');
    expect(ticketFilterOf('complaintsPer100')).toBe('complaints');
  });

  it('has none for figures no ticket list explains', () => {
    expect(ticketFilterOf('urges')).toBeNull();
    expect(ticketFilterOf('collectionBp')).toBeNull();
  });
});

describe('months', () => {
  it('steps across the year', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2025-12', 1)).toBe('2026-01');
    expect(shiftMonth('2026-03', -5)).toBe('2025-10');
  });

  it('labels January with its year', () => {
    expect(monthLabel('2026-03')).toBe('3月');
    expect(monthLabel('2026-01')).toBe('26年1月');
  });

  it('accepts only YYYY-MM up to the current month', () => {
    expect(validMonth('2026-11', '2026-11')).toBe(true);
    expect(validMonth('2026-12', '2026-11')).toBe(false);
    expect(validMonth('2026-1', '2026-11')).toBe(false);
    expect(validMonth(undefined, '2026-11')).toBe(false);
  });
});

describe('defaultScope', () => {
  it('opens on the street for a street admin, the community for a community admin, the company for a manager', () => {
    expect(defaultScope(me({ role: 'street_admin', scopeType: 'street', scopeId: 1 }), null)).toEqual({ scope: 'street', id: 1 });
    expect(defaultScope(me({ role: 'community_admin', scopeType: 'community', scopeId: 3 }), null)).toEqual({
      scope: 'community',
      id: 3,
    });
    expect(defaultScope(me({ role: 'manager', scopeType: 'company', scopeId: 7 }), 'manager')).toEqual({
      scope: 'company',
      id: 7,
    });
  });

  it('prefers the role acted as, then the widest scope', () => {
    const both = me(
      { role: 'manager', scopeType: 'company', scopeId: 7 },
      { role: 'community_admin', scopeType: 'community', scopeId: 3 },
    );
    expect(defaultScope(both, 'manager')).toEqual({ scope: 'company', id: 7 });
    expect(defaultScope(both, null)).toEqual({ scope: 'community', id: 3 });
  });

  it('has none for a resident, a grid worker or the platform', () => {
    expect(defaultScope(me(), null)).toBeNull();
    expect(defaultScope(me({ role: 'grid_worker', scopeType: 'grid', scopeId: 2 }), null)).toBeNull();
    expect(defaultScope(me({ role: 'platform_admin', scopeType: 'platform', scopeId: 1 }), null)).toBeNull();
    expect(defaultScope(undefined, null)).toBeNull();
  });
});

describe('drill-down addresses', () => {
  it('opens communities, companies and compounds, but not a 共享物业社', () => {
    expect(drillScope('community')).toBe('community');
    expect(drillScope('compound')).toBe('compound');
    expect(drillScope('society')).toBeNull();
  });

  it('round-trips a scope through the page parameters', () => {
    const url = figureTicketsUrl({ scope: 'community', id: 3 }, '2026-11', 'sameDayBp', 'not_same_day');
    const params = Object.fromEntries(new URLSearchParams(url.split('?')[1]));
    expect(params).toEqual({ scope: 'community', id: '3', month: '2026-11', key: 'sameDayBp', filter: 'not_same_day' });
    expect(scopeFromParams(params)).toEqual({ scope: 'community', id: 3 });
    expect(figureTicketsUrl({ scope: 'compound', id: 9 }, '2026-11', 'tickets', 'all', '幸福里小区')).toBe(
      '/packages/admin/figure-tickets?scope=compound&id=9&month=2026-11&key=tickets&filter=all&name=%E5%B9%B8%E7%A6%8F%E9%87%8C%E5%B0%8F%E5%8C%BA',
    );
    expect(scopeFromParams({ scope: 'platform', id: '1' })).toBeNull();
    expect(scopeFromParams({ scope: 'street', id: 'x' })).toBeNull();
  });
});
