import type { IsoTime, PageQuery } from './api';
import type { TicketKind, TicketStatus } from './tickets';

/*
 * 考核指标 (issue 11): the monthly figures the community and the street judge property services by,
 * each defined once here, in words a 社区书记 reads, and computed by the server from the records only.
 *
 * A month is a Shanghai calendar month ('YYYY-MM'). Its tickets are those reported in it (by when they
 * were reported), leaving out tickets the reporter withdrew (已撤销) and duplicates merged into another
 * ticket: the month's "有效工单". Rates are basis points (10000 = 100 %, half up) and null when there is
 * nothing to divide by; averages have two decimals.
 */

/** Who a figure is about. A 共享物业社 (`society`) is the community acting as the handler of the compounds its shared society or residents run; its id is the community's. */
export const FIGURE_SUBJECTS = ['street', 'community', 'society', 'company', 'compound'] as const;
export type FigureSubjectType = (typeof FIGURE_SUBJECTS)[number];

/** The scopes a dashboard can be opened on (a society's figures are read through its community). */
export const FIGURE_SCOPES = ['street', 'community', 'company', 'compound'] as const;
export type FigureScope = (typeof FIGURE_SCOPES)[number];

export const FIGURE_MONTH_PATTERN = /^20\d\d-(0[1-9]|1[0-2])$/;
/** Months a trend shows, the asked month last. */
export const FIGURE_TREND_MONTHS = 6;

/**
 * The counts every figure is a ratio of. They add up: a community's counts are the sums of its
 * compounds', which is how every level is computed, so no level can disagree with the one below.
 */
export interface FigureCounts {
  /** Households on file at the end of the month. */
  households: number;
  /** 有效工单 reported in the month. */
  tickets: number;
  complaints: number;
  /** Tickets whose acceptance can be judged: accepted, or past the acceptance deadline without being accepted. */
  acceptJudged: number;
  acceptedOnTime: number;
  /** Tickets not turned down (驳回): the handler's work. */
  handled: number;
  resolved: number;
  resolvedSameDay: number;
  reopened: number;
  rated: number;
  ratingSum: number;
  speedRated: number;
  speedSum: number;
  attitudeRated: number;
  attitudeSum: number;
  /** Rated 4 or 5 stars. */
  satisfied: number;
  followUps: number;
  satisfiedFollowUps: number;
  escalated: number;
  escalatedToStreet: number;
  /** 督办 (urges) made on any ticket of the subject during the month. */
  urges: number;
  /** Serious and still unresolved: an emergency (紧急), or escalated to the street, not resolved (一票否决). */
  vetoTickets: number;
  /** Households met at the door by a grid worker or the community in the month (民情走访). */
  visitedHouseholds: number;
  /** Bills of the month as billing period: due and collected, as 收缴率 counts them. */
  dueFen: number;
  collectedFen: number;
}

export interface FigureRates {
  /** 投诉率: complaints per 100 households, two decimals. */
  complaintsPer100: number | null;
  onTimeAcceptBp: number | null;
  sameDayBp: number | null;
  resolutionBp: number | null;
  reopenBp: number | null;
  avgRating: number | null;
  avgSpeed: number | null;
  avgAttitude: number | null;
  satisfiedBp: number | null;
  followUpSatisfiedBp: number | null;
  collectionBp: number | null;
  visitCoverageBp: number | null;
}

export type Figures = FigureCounts & FigureRates;

/** The figures a table or chart shows, in their order. */
export const FIGURE_KEYS = [
  'tickets',
  'complaintsPer100',
  'onTimeAcceptBp',
  'sameDayBp',
  'resolutionBp',
  'reopenBp',
  'avgRating',
  'avgSpeed',
  'avgAttitude',
  'satisfiedBp',
  'followUpSatisfiedBp',
  'escalated',
  'urges',
  'collectionBp',
  'visitCoverageBp',
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

export type FigureUnit = 'count' | 'bp' | 'per100' | 'stars';

export interface FigureDefinition {
  key: FigureKey;
  /** As the report names it. */
  label: string;
  unit: FigureUnit;
  /** Which way is good, for colouring and for scores. */
  better: 'higher' | 'lower';
  /** What it counts, in plain words. */
  definition: string;
}

export const FIGURE_DEFINITIONS: Record<FigureKey, FigureDefinition> = {
  tickets: {
    key: 'tickets',
    label: '有效工单',
    unit: 'count',
    better: 'lower',
    definition: '本月居民上报的报修、投诉和建议，不含居民自己撤销的和作为重复合并的。',
  },
  complaintsPer100: {
    key: 'complaintsPer100',
    label: '投诉率（每百户）',
    unit: 'per100',
    better: 'lower',
    definition: '本月有效投诉件数 ÷ 月末在册户数 × 100。',
  },
  onTimeAcceptBp: {
    key: 'onTimeAcceptBp',
    label: '按时受理率',
    unit: 'bp',
    better: 'higher',
    definition:
      '在该类问题的受理时限内（默认10分钟）受理的工单 ÷ 已能判断的工单（已受理的，加上超过受理时限仍未受理的）。时限内被驳回的不计入。',
  },
  sameDayBp: {
    key: 'sameDayBp',
    label: '当日办结率',
    unit: 'bp',
    better: 'higher',
    definition: '上报当天（北京时间）办结的工单 ÷ 未被驳回的有效工单。',
  },
  resolutionBp: {
    key: 'resolutionBp',
    label: '办结率',
    unit: 'bp',
    better: 'higher',
    definition: '已办结的工单（含已评价、已回访的）÷ 未被驳回的有效工单。',
  },
  reopenBp: {
    key: 'reopenBp',
    label: '重办率',
    unit: 'bp',
    better: 'lower',
    definition: '办结后被居民退回重办过的工单 ÷ 已办结的工单。',
  },
  avgRating: {
    key: 'avgRating',
    label: '综合评分',
    unit: 'stars',
    better: 'higher',
    definition: '居民评价的综合星级（1–5星）的平均值。',
  },
  avgSpeed: {
    key: 'avgSpeed',
    label: '响应速度评分',
    unit: 'stars',
    better: 'higher',
    definition: '居民对处理速度打分（1–5星）的平均值，只算打了这一项的。',
  },
  avgAttitude: {
    key: 'avgAttitude',
    label: '服务态度评分',
    unit: 'stars',
    better: 'higher',
    definition: '居民对服务态度打分（1–5星）的平均值，只算打了这一项的。',
  },
  satisfiedBp: {
    key: 'satisfiedBp',
    label: '满意率',
    unit: 'bp',
    better: 'higher',
    definition: '评价为4星或5星的工单 ÷ 已评价的工单。',
  },
  followUpSatisfiedBp: {
    key: 'followUpSatisfiedBp',
    label: '回访满意率',
    unit: 'bp',
    better: 'higher',
    definition: '网格员或社区回访时居民表示满意的工单 ÷ 已回访的工单。',
  },
  escalated: {
    key: 'escalated',
    label: '升级件数',
    unit: 'count',
    better: 'lower',
    definition: '本月工单中因超时未受理或未办结而升级到社区或街道的件数。',
  },
  urges: {
    key: 'urges',
    label: '督办次数',
    unit: 'count',
    better: 'lower',
    definition: '社区和街道本月对工单发出督办的次数。',
  },
  collectionBp: {
    key: 'collectionBp',
    label: '收缴率',
    unit: 'bp',
    better: 'higher',
    definition: '本月账期的物业费等账单：实收金额 ÷ 应收金额（减免、作废的不算应收）。',
  },
  visitCoverageBp: {
    key: 'visitCoverageBp',
    label: '走访覆盖率',
    unit: 'bp',
    better: 'higher',
    definition: '本月网格员或社区入户见到居民的户数 ÷ 月末在册户数（敲门未见、拒绝的不算）。',
  },
};

export interface FigureSubject {
  type: FigureSubjectType;
  id: number;
  name: string;
}

export interface FiguresRow {
  subject: FigureSubject;
  figures: Figures;
}

export interface FiguresQuery {
  scope: FigureScope;
  id: number;
  /** 'YYYY-MM'; not after the current month. */
  month: string;
}

/**
 * GET /figures: one subject's month, its trend, and what lies below it side by side: a street's
 * communities and the companies and societies serving it; a community's compounds and its handlers;
 * a company's compounds. A compound has no children.
 */
export interface FiguresView {
  month: string;
  subject: FigureSubject;
  figures: Figures;
  /** The last FIGURE_TREND_MONTHS months, oldest first, the asked month last. */
  trend: Array<{ month: string; figures: Figures }>;
  children: FiguresRow[];
  /** Handlers side by side: companies and 共享物业社 (street and community only; empty otherwise). */
  handlers: FiguresRow[];
  computedAt: IsoTime;
}

/** Which tickets stand behind a figure (drill-down). */
export const FIGURE_TICKET_FILTERS = [
  'all',
  'complaints',
  'late_accept',
  'not_same_day',
  'unresolved',
  'reopened',
  'unsatisfied',
  'follow_up_unsatisfied',
  'escalated',
  'veto',
] as const;
export type FigureTicketFilter = (typeof FIGURE_TICKET_FILTERS)[number];

export interface FigureTicketsQuery extends FiguresQuery, PageQuery {
  filter: FigureTicketFilter;
  /** Narrow a street's or community's list to one compound. */
  compoundId?: number;
}

export interface FigureTicketRow {
  id: number;
  compoundId: number;
  compoundName: string;
  categoryName: string;
  kind: TicketKind;
  status: TicketStatus;
  placeLabel: string;
  createdAt: IsoTime;
  acceptedAt: IsoTime | null;
  resolvedAt: IsoTime | null;
  rating: number | null;
  escalationLevel: number;
}
