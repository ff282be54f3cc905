import {
  FIGURE_DEFINITIONS,
  FIGURE_MONTH_PATTERN,
  FIGURE_SCOPES,
  roleHasPermission,
  type FigureKey,
  type FigureScope,
  type Figures,
  type FigureSubjectType,
  type FigureTicketFilter,
  type MeView,
  type Role,
} from '@doorstep/contracts';

/** Nothing to divide by: the figure has no value this month. */
export const NO_VALUE = '—';

/** The figures 考核 shows as cards, in the order a 社区书记 reads them. */
export const HEADLINE_KEYS: readonly FigureKey[] = [
  'tickets',
  'onTimeAcceptBp',
  'sameDayBp',
  'satisfiedBp',
  'followUpSatisfiedBp',
  'complaintsPer100',
  'escalated',
  'urges',
  'collectionBp',
  'visitCoverageBp',
];

/** Columns of the children's table (a phone shows them as label: value lines). */
export const TABLE_KEYS: readonly FigureKey[] = [
  'tickets',
  'onTimeAcceptBp',
  'sameDayBp',
  'satisfiedBp',
  'complaintsPer100',
  'escalated',
];

/**
 * Which tickets stand behind a figure: the ones that pulled it down (late, not done the same day,
 * rated badly …). Figures no ticket list explains (督办次数 counts urges, 收缴率 bills) have none.
 */
const TICKET_FILTER_OF: Partial<Record<FigureKey, FigureTicketFilter>> = {
  tickets: 'all',
  complaintsPer100: 'complaints',
  onTimeAcceptBp: 'late_accept',
  sameDayBp: 'not_same_day',
  resolutionBp: 'unresolved',
  reopenBp: 'reopened',
  avgRating: 'unsatisfied',
  satisfiedBp: 'unsatisfied',
  followUpSatisfiedBp: 'follow_up_unsatisfied',
  escalated: 'escalated',
};

export function ticketFilterOf(key: FigureKey): FigureTicketFilter | null {
  return TICKET_FILTER_OF[key] ?? null;
}

/** 8550 bp → "85.5%", half up to a tenth of a percent, in integers (no float rounding surprises). */
export function bpText(bp: number | null): string {
  if (bp === null) return NO_VALUE;
  const tenths = Math.floor((Math.abs(bp) + 5) / 10);
  const sign = bp < 0 ? '-' : '';
  return `${sign}${Math.floor(tenths / 10)}.${tenths % 10}%`;
}

/** A figure as its card and table show it: counts whole, rates in %, per-100 and stars with two decimals. */
export function figureText(key: FigureKey, figures: Figures): string {
  const value = figures[key];
  if (value === null || value === undefined) return NO_VALUE;
  switch (FIGURE_DEFINITIONS[key].unit) {
    case 'bp':
      return bpText(value);
    case 'per100':
    case 'stars':
      return value.toFixed(2);
    default:
      return String(value);
  }
}

/** The number a chart plots: rates as percent (0–100), the rest as they are; null when there is none. */
export function chartValue(key: FigureKey, figures: Figures): number | null {
  const value = figures[key];
  if (value === null || value === undefined) return null;
  return FIGURE_DEFINITIONS[key].unit === 'bp' ? value / 100 : value;
}

/** A plotted value's label: 85.5%, 3, 1.25. */
export function chartLabel(key: FigureKey, value: number | null): string {
  if (value === null) return NO_VALUE;
  switch (FIGURE_DEFINITIONS[key].unit) {
    case 'bp':
      return bpText(Math.round(value * 100));
    case 'count':
      return String(value);
    default:
      return value.toFixed(2);
  }
}

/** The card's label, without the unit note in brackets (投诉率（每百户） → 投诉率). */
export function shortLabel(key: FigureKey): string {
  return FIGURE_DEFINITIONS[key].label.replace(/（.*）$/, '');
}

/** '2026-03' → '3月'; January shows its year, so a trend across New Year reads right. */
export function monthLabel(month: string): string {
  const [year, mm] = month.split('-');
  const m = Number(mm);
  return m === 1 ? `${year.slice(2)}年1月` : `${m}月`;
}

/** The month `delta` months from `month` ('2026-01', -1 → '2025-12'). */
export function shiftMonth(month: string, delta: number): string {
  const [year, mm] = month.split('-').map(Number);
  const index = year * 12 + (mm - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** A month the API accepts: 'YYYY-MM', not after `current`. */
export function validMonth(month: string | undefined, current: string): month is string {
  return !!month && FIGURE_MONTH_PATTERN.test(month) && month <= current;
}

export interface ScopeRef {
  scope: FigureScope;
  id: number;
}

/** Levels a dashboard opens on, widest first: a street admin who is also a manager sees the street. */
const SCOPE_ORDER: readonly FigureScope[] = ['street', 'community', 'company', 'compound'];

/**
 * Where the caller's dashboard opens: the scope of their ticket.read role (street admin → the street,
 * community admin → the community, manager or staff → the company). The role they act as comes
 * first; among several, the widest. Null for someone with none (the platform picks a street; a
 * resident has no dashboard).
 */
export function defaultScope(me: MeView | undefined, acting: Role | null): ScopeRef | null {
  const usable = (me?.roles ?? []).filter(
    (r) => roleHasPermission(r.role, 'ticket.read') && (FIGURE_SCOPES as readonly string[]).includes(r.scopeType),
  );
  const pool = usable.some((r) => r.role === acting) ? usable.filter((r) => r.role === acting) : usable;
  const best = [...pool].sort(
    (a, b) => SCOPE_ORDER.indexOf(a.scopeType as FigureScope) - SCOPE_ORDER.indexOf(b.scopeType as FigureScope),
  )[0];
  return best ? { scope: best.scopeType as FigureScope, id: best.scopeId } : null;
}

/** A row below the subject opens its own dashboard; a 共享物业社 is read through its community, so it does not. */
export function drillScope(type: FigureSubjectType): FigureScope | null {
  return type === 'society' ? null : type;
}

/** The dashboard of a scope, as a page address. */
export function figuresUrl(ref: ScopeRef, month: string): string {
  return `/packages/admin/figures?scope=${ref.scope}&id=${ref.id}&month=${month}`;
}

/** The tickets behind a figure of a scope, as a page address. */
export function figureTicketsUrl(
  ref: ScopeRef,
  month: string,
  key: FigureKey,
  filter: FigureTicketFilter,
  name?: string,
): string {
  const named = name ? `&name=${encodeURIComponent(name)}` : '';
  return `/packages/admin/figure-tickets?scope=${ref.scope}&id=${ref.id}&month=${month}&key=${key}&filter=${filter}${named}`;
}

/** Page parameters back to a scope, or null when they do not name one. */
export function scopeFromParams(params: Partial<Record<string, string>>): ScopeRef | null {
  const id = Number(params.id);
  const scope = params.scope as FigureScope | undefined;
  if (!scope || !(FIGURE_SCOPES as readonly string[]).includes(scope) || !Number.isInteger(id) || id <= 0) return null;
  return { scope, id };
}
