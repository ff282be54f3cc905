import type { IsoTime, PageQuery } from './api';

/**
 * 缴费, first slice: fee items, billing runs, bills, arrears and collection rate. Money is integer fen
 * everywhere (1 元 = 100 fen); areas are integer hundredths of m² (8957 = 89.57 m²).
 */

/**
 * How a fee item prices a bill:
 * - per_area  (物业费): `priceFen` fen per m² per month × the household's area × the cycle's months
 * - per_month (停车费 and others): `priceFen` fen per month × the cycle's months
 * - one_off   (一次性): `priceFen` fen once, billed in the item's own `period`
 */
export const FEE_RULES = ['per_area', 'per_month', 'one_off'] as const;
export type FeeRule = (typeof FEE_RULES)[number];

export const FEE_RULE_LABELS: Record<FeeRule, string> = {
  per_area: '按面积（元/㎡/月）',
  per_month: '按月固定',
  one_off: '一次性',
};

/** Billing cycles in months. A cycle starts in a calendar month where (month − 1) is a multiple of it. */
export const FEE_CYCLES = [1, 3, 6, 12] as const;
export type FeeCycle = (typeof FEE_CYCLES)[number];

export const FEE_CYCLE_LABELS: Record<FeeCycle, string> = { 1: '按月', 3: '按季', 6: '按半年', 12: '按年' };

export const BILL_STATUSES = ['unpaid', 'partially_paid', 'paid', 'waived', 'cancelled'] as const;
export type BillStatus = (typeof BILL_STATUSES)[number];

export const BILL_STATUS_LABELS: Record<BillStatus, string> = {
  unpaid: '待缴',
  partially_paid: '部分缴纳',
  paid: '已缴清',
  waived: '已减免',
  cancelled: '已作废',
};

/** Still owed: counted in arrears (欠费) once its period has begun. */
export const OPEN_BILL_STATUSES: readonly BillStatus[] = ['unpaid', 'partially_paid'];
/** Waive: forgive what is still owed (a reason and the manager are kept). */
export const WAIVABLE_BILL_STATUSES: readonly BillStatus[] = ['unpaid', 'partially_paid'];
/** Cancel: the bill was wrong. Only while nothing has been paid on it (a payment is refunded first). */
export const CANCELLABLE_BILL_STATUSES: readonly BillStatus[] = ['unpaid'];

export const BILLING_LIMITS = {
  /** 物业费 price: at most 100 元 per m² per month. */
  perAreaPriceFenMax: 10_000,
  /** 停车费 and the like: at most 10 000 元 per month. */
  perMonthPriceFenMax: 1_000_000,
  /** One-off items: at most 1 000 000 元. */
  oneOffPriceFenMax: 100_000_000,
  feeItemsPerCompoundMax: 100,
  /** Households named in one billing run (e.g. the parking-space holders for 停车费). */
  runHouseholdsMax: 5000,
  runFeeItemsMax: 100,
} as const;

/** 'YYYY-MM', months 01–12, years 2000–2099. */
export const PERIOD_PATTERN = /^20\d{2}-(0[1-9]|1[0-2])$/;

/** Whether a cycle of `cycleMonths` starts in `period` ('2026-04' starts a quarter, '2026-05' does not). */
export function cycleStartsAt(period: string, cycleMonths: number): boolean {
  if (!PERIOD_PATTERN.test(period)) return false;
  const month = Number(period.slice(5, 7));
  return (month - 1) % cycleMonths === 0;
}

/**
 * THE rounding rule, the same on server and client: a bill's amount is computed exactly in integers and
 * rounded ONCE, half up, to the fen.
 *
 *   per_area:  amountFen = ⌊(areaHundredths × priceFen × months + 50) / 100⌋
 *   per_month: amountFen = priceFen × months          (already whole fen)
 *   one_off:   amountFen = priceFen
 *
 * e.g. 89.57 m² × 1.85 元 × 3 months: 8957 × 185 × 3 = 4 971 135 hundredths of a fen → 49 711.35 fen →
 * 49 711 fen (497.11 元); exactly .5 fen rounds up (8950 × 1 × 1 → 89.5 → 90 fen). Nothing is rounded
 * per month or per m². A bill that comes to 0 fen (a household of zero area, or one so small that the
 * amount rounds to 0) is not created; the run's preview counts it as `skippedZero`.
 * The bounds (area ≤ 10 000 m², price ≤ 100 元/m²/月, 12 months) keep every bill below 2^31 fen.
 */
export function billAmountFen(rule: FeeRule, priceFen: number, months: number, areaHundredths: number): number {
  if (rule === 'one_off') return priceFen;
  if (rule === 'per_month') return priceFen * months;
  const hundredths = BigInt(areaHundredths) * BigInt(priceFen) * BigInt(months);
  return Number((hundredths + 50n) / 100n);
}

export interface FeeItemView {
  id: number;
  compoundId: number;
  name: string;
  rule: FeeRule;
  /** per_area: fen per m² per month; per_month: fen per month; one_off: fen once. */
  priceFen: number;
  /** null for one_off. */
  cycleMonths: FeeCycle | null;
  /** one_off only: the month ('YYYY-MM') whose billing run bills it; null otherwise. */
  period: string | null;
  active: boolean;
  version: number;
  createdAt: IsoTime;
}

export interface CreateFeeItemRequest {
  compoundId: number;
  name: string;
  rule: FeeRule;
  priceFen: number;
  /** Required for per_area and per_month; left out for one_off. */
  cycleMonths?: FeeCycle;
  /** Required for one_off; left out otherwise. */
  period?: string;
}

/** The rule and the cycle never change (bills already cover periods by them): make a new item instead. */
export interface UpdateFeeItemRequest {
  version: number;
  name?: string;
  /** Applies to bills of later runs; existing bills keep the price they were made with. */
  priceFen?: number;
  active?: boolean;
}

export interface BillingRunRequest {
  /** The cycle's first month, 'YYYY-MM'. Items whose cycle does not start in it are not due and are skipped. */
  period: string;
  /** Preview only: count and price, write nothing. */
  dryRun?: boolean;
  /** Only these items (default: every active item due in the period). Naming an item not due is a 422. */
  feeItemIds?: number[];
  /** Only these households of the compound (default: all), e.g. the holders of a parking space. */
  householdIds?: number[];
}

export interface BillingRunItemView {
  feeItemId: number;
  name: string;
  rule: FeeRule;
  /** Bills this run creates (dry run: would create). */
  toCreate: number;
  /** Fen of the bills to create. */
  totalFen: number;
  /** Households that already have this item's bill for the period: never billed twice. */
  existing: number;
  /** Households skipped because the bill would be 0 fen (zero or tiny area). */
  skippedZero: number;
}

export interface BillingRunView {
  compoundId: number;
  period: string;
  dryRun: boolean;
  /** Households considered. */
  households: number;
  items: BillingRunItemView[];
  /** Active items of the compound not due in this period (another cycle start, or another one-off month). */
  notDueFeeItemIds: number[];
  toCreate: number;
  totalFen: number;
  existing: number;
  skippedZero: number;
}

export interface BillView {
  id: number;
  compoundId: number;
  buildingId: number;
  buildingName: string;
  householdId: number;
  /** 单元-室, e.g. "1-101". */
  householdLabel: string;
  feeItemId: number;
  /** The item's name and pricing as they were when the bill was made. */
  itemName: string;
  rule: FeeRule;
  priceFen: number;
  /** The household's area used (per_area), else null. */
  areaHundredths: number | null;
  /** First month covered, 'YYYY-MM'. */
  period: string;
  months: number;
  amountFen: number;
  paidFen: number;
  /** amountFen − paidFen while open; 0 once paid, waived or cancelled. */
  owedFen: number;
  status: BillStatus;
  /** Why it was waived or cancelled, by whom and when. */
  statusReason: string | null;
  statusById: number | null;
  statusAt: IsoTime | null;
  version: number;
  createdAt: IsoTime;
}

export interface ListBillsQuery extends PageQuery {
  compoundId: number;
  buildingId?: number;
  householdId?: number;
  status?: BillStatus;
  period?: string;
}

export interface MyBillsQuery extends PageQuery {
  householdId?: number;
  status?: BillStatus;
}

/** Waive (减免) or cancel (作废): the version seen and a reason. */
export interface BillActionRequest {
  version: number;
  reason: string;
}

/**
 * 欠费: bills still open (unpaid, partially paid) whose period has begun (period ≤ the current month in
 * Asia/Shanghai), counted at what is still owed (amount − paid). Age: whole days from the first day of
 * the oldest open bill's period to today (Asia/Shanghai).
 */
export interface ArrearsTotals {
  owedFen: number;
  bills: number;
  households: number;
  oldestPeriod: string | null;
  oldestDays: number | null;
}

export interface BuildingArrearsView extends ArrearsTotals {
  buildingId: number;
  buildingName: string;
}

export interface ArrearsView {
  compoundId: number;
  /** The month arrears are counted up to, 'YYYY-MM'. */
  asOfPeriod: string;
  total: ArrearsTotals;
  buildings: BuildingArrearsView[];
}

export interface HouseholdArrearsView {
  householdId: number;
  householdLabel: string;
  buildingId: number;
  buildingName: string;
  owedFen: number;
  bills: number;
  oldestPeriod: string;
  oldestDays: number;
  /** When the household was last sent a 催缴 (any round), or null. */
  lastRemindedAt: IsoTime | null;
}

export interface ArrearsHouseholdsQuery extends PageQuery {
  buildingId?: number;
}

/**
 * 收缴率 of one compound and billing period, from the bills of that period (waived and cancelled ones do
 * not count as due):
 * - by amount:    当期实收 / 当期应收 = Σ paidFen / Σ amountFen
 * - by household: 已交清户 / 应收户 = households whose bills of the period are all paid / households with a bill
 * Rates are basis points (10000 = 100%), rounded half up; null when nothing is due.
 */
export interface CollectionRateView {
  compoundId: number;
  period: string;
  dueFen: number;
  collectedFen: number;
  amountRateBp: number | null;
  dueHouseholds: number;
  paidHouseholds: number;
  householdRateBp: number | null;
}

/*
 * 缴费, second slice: offline payments (现金, 银行转账, POS) recorded by who runs the compound, their
 * reversal (冲正) by a counter-entry, and receipts (收据) numbered per compound and year without gaps.
 */

export const PAYMENT_CHANNELS = ['cash', 'bank', 'pos', 'wechat'] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];

/** What staff record at the desk; WeChat payments only ever come from WeChat Pay itself. */
export const OFFLINE_PAYMENT_CHANNELS = ['cash', 'bank', 'pos'] as const;
export type OfflinePaymentChannel = (typeof OFFLINE_PAYMENT_CHANNELS)[number];

export const PAYMENT_CHANNEL_LABELS: Record<PaymentChannel, string> = {
  cash: '现金',
  bank: '银行转账',
  pos: 'POS 刷卡',
  wechat: '微信支付',
};

export const PAYMENT_LIMITS = {
  /** One payment: at most 1 000 000 元. */
  amountFenMax: 100_000_000,
  /** Bills named in one payment. */
  billIdsMax: 100,
  /** Bank or POS reference (流水号). */
  referenceMax: 64,
  noteMax: 200,
} as const;

/**
 * Record an offline payment for one household. `amountFen` is allocated to the household's open bills
 * (unpaid, partially paid): the named `billIds` in the order given, or else all of them oldest period
 * first. More than the open bills owe is refused (422 PAYMENT_EXCEEDS_OWED): a household credit comes
 * with WeChat Pay. Carry an Idempotency-Key: a resend records once.
 */
export interface RecordPaymentRequest {
  householdId: number;
  channel: OfflinePaymentChannel;
  amountFen: number;
  billIds?: number[];
  reference?: string;
  note?: string;
}

export interface PaymentAllocationView {
  billId: number;
  period: string;
  itemName: string;
  amountFen: number;
}

export interface PaymentReversalView {
  id: number;
  reason: string;
  reversedById: number;
  createdAt: IsoTime;
}

export interface PaymentView {
  id: number;
  compoundId: number;
  buildingId: number;
  householdId: number;
  householdLabel: string;
  channel: PaymentChannel;
  amountFen: number;
  /** 收据号: '2026-000123', unique per compound and year (Asia/Shanghai), without gaps. */
  receiptNo: string;
  reference: string | null;
  note: string | null;
  recordedById: number;
  allocations: PaymentAllocationView[];
  /** Set once the payment was reversed (冲正); the payment itself is never edited. */
  reversal: PaymentReversalView | null;
  /** WeChat Pay's 微信支付单号, for WeChat payments. */
  transactionId: string | null;
  /** Refunds of a WeChat payment, each its own record. */
  refunds: RefundView[];
  /**
   * Paid but neither allocated to a bill nor refunded (or being refunded): the household's credit from
   * this payment, e.g. while a refund WeChat could not make waits for the manager.
   */
  creditFen: number;
  createdAt: IsoTime;
}

/** 冲正: undo a mistaken payment by a counter-entry; its allocations are taken off the bills. */
export interface ReversePaymentRequest {
  reason: string;
}

export interface ListPaymentsQuery extends PageQuery {
  compoundId: number;
  householdId?: number;
  channel?: PaymentChannel;
  /** Recorded at or after (inclusive), ISO time. */
  from?: string;
  /** Recorded before (exclusive), ISO time. */
  to?: string;
}

export interface MyPaymentsQuery extends PageQuery {
  householdId?: number;
}

/** '2026-000123'. */
export const receiptNumber = (year: number, seq: number): string => `${year}-${String(seq).padStart(6, '0')}`;

/*
 * 缴费, third slice: WeChat Pay (API v3). The resident picks open bills; the server computes the amount,
 * creates the order and hands back what the app needs to pay (JSAPI `requestPayment` parameters in the
 * mini-program, a `code_url` to scan elsewhere). WeChat's signed, encrypted notification (or the app's
 * own "paid" callback, which queries WeChat) records the payment exactly once. Money paid for bills that
 * were meanwhile paid by someone else is refunded automatically.
 */

export const WECHAT_TRADE_TYPES = ['jsapi', 'native'] as const;
export type WechatTradeType = (typeof WECHAT_TRADE_TYPES)[number];

export const WECHAT_ORDER_STATUSES = ['open', 'paid', 'closed'] as const;
export type WechatOrderStatus = (typeof WECHAT_ORDER_STATUSES)[number];

export const WECHAT_ORDER_STATUS_LABELS: Record<WechatOrderStatus, string> = {
  open: '待支付',
  paid: '已支付',
  closed: '已关闭',
};

export const WECHAT_PAY_LIMITS = {
  /** An order can be paid for this long (time_expire), then the close job closes it. */
  orderTtlMinutes: 15,
  billIdsMax: 50,
  /** WeChat's own limit for a refund reason. */
  refundReasonMax: 80,
} as const;

export interface WechatPayStatusView {
  /** False where WeChat Pay is not configured: the app shows 暂未开通微信支付 and offers nothing to pay. */
  enabled: boolean;
  /** With `?householdId=` of one's own home: whether its compound lets a bill be paid in part. */
  partialPayment: boolean;
}

export interface WechatPayStatusQuery {
  householdId?: number;
}

/**
 * A compound's choices about collecting. `allowPartialPayment`: residents may pay less than the chosen
 * bills owe (the amount goes to the oldest first); off, a bill is paid in full or not at all online.
 * Desk payments may always be partial: staff see who pays.
 */
export interface BillingSettingsView {
  compoundId: number;
  allowPartialPayment: boolean;
  /** 0 until first changed. */
  version: number;
}

export interface UpdateBillingSettingsRequest {
  version: number;
  allowPartialPayment: boolean;
}

/**
 * Pay these open bills of a verified household (in full, or in part where the compound allows). `jsapi` in the mini-program (the caller's
 * WeChat openid pays), `native` elsewhere (a code to scan with WeChat). Carry an Idempotency-Key.
 * A bill another member of the household is paying right now is refused (409 BILL_PAYMENT_IN_PROGRESS).
 */
export interface CreateWechatOrderRequest {
  householdId: number;
  billIds: number[];
  tradeType: WechatTradeType;
  /**
   * Less than the bills owe, where the compound allows partial payment (else 422
   * PARTIAL_PAYMENT_NOT_ALLOWED); it goes to the chosen bills oldest first. Omitted: all they owe.
   */
  amountFen?: number;
}

export interface WechatPayParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

export interface WechatOrderBillView {
  billId: number;
  period: string;
  itemName: string;
  amountFen: number;
}

export interface WechatOrderView {
  id: number;
  outTradeNo: string;
  householdId: number;
  householdLabel: string;
  tradeType: WechatTradeType;
  amountFen: number;
  status: WechatOrderStatus;
  bills: WechatOrderBillView[];
  /** For `jsapi`, while open and to the payer only: `Taro.requestPayment(payParams)`. */
  payParams: WechatPayParams | null;
  /** For `native`, while open: the weixin:// (or the demo's http) address to pay at. */
  codeUrl: string | null;
  expiresAt: IsoTime;
  /** The payment it became, once paid: its receipt is the household's proof. */
  paymentId: number | null;
  createdAt: IsoTime;
}

export const REFUND_STATUSES = ['pending', 'processing', 'success', 'abnormal', 'closed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const REFUND_STATUS_LABELS: Record<RefundStatus, string> = {
  pending: '待发起',
  processing: '退款中',
  success: '已退款',
  abnormal: '退款异常',
  closed: '退款关闭',
};

/** Refunds still counting as money going back (the failed ones leave it with the household as credit). */
export const LIVE_REFUND_STATUSES: readonly RefundStatus[] = ['pending', 'processing', 'success'];

export const REFUND_KINDS = ['overpaid', 'manual'] as const;
export type RefundKind = (typeof REFUND_KINDS)[number];

export interface RefundView {
  id: number;
  paymentId: number;
  outRefundNo: string;
  /** overpaid: paid for bills already settled (e.g. two family members at once), refunded by itself. */
  kind: RefundKind;
  amountFen: number;
  reason: string;
  status: RefundStatus;
  requestedById: number | null;
  createdAt: IsoTime;
  finishedAt: IsoTime | null;
}

/**
 * 退款 of a WeChat payment (all or part). It comes first out of the payment's credit, then off its bills,
 * latest period first; those bills are open again. Carry an Idempotency-Key.
 */
export interface RefundPaymentRequest {
  amountFen: number;
  reason: string;
}

/*
 * 对账: each day's 交易账单 from WeChat Pay compared with what we recorded. The merchant account may
 * serve several compounds, so a reconciliation covers the whole account and each mismatch names the
 * compound it belongs to when that is known; a compound's readers see only their compound's mismatches.
 */

export const RECONCILIATION_STATUSES = ['running', 'matched', 'mismatched', 'failed'] as const;
export type ReconciliationStatus = (typeof RECONCILIATION_STATUSES)[number];

export const RECONCILIATION_STATUS_LABELS: Record<ReconciliationStatus, string> = {
  running: '对账中',
  matched: '账单一致',
  mismatched: '存在差异',
  failed: '对账失败',
};

export const RECONCILIATION_MISMATCH_KINDS = [
  'MISSING_HERE',
  'MISSING_AT_WECHAT',
  'AMOUNT_DIFFERS',
  'REFUND_MISSING_HERE',
  'REFUND_MISSING_AT_WECHAT',
  'REFUND_AMOUNT_DIFFERS',
] as const;
export type ReconciliationMismatchKind = (typeof RECONCILIATION_MISMATCH_KINDS)[number];

export const RECONCILIATION_MISMATCH_LABELS: Record<ReconciliationMismatchKind, string> = {
  MISSING_HERE: '微信有支付，本系统无记录',
  MISSING_AT_WECHAT: '本系统有微信支付记录，微信账单中没有',
  AMOUNT_DIFFERS: '支付金额不一致',
  REFUND_MISSING_HERE: '微信有退款，本系统无成功退款记录',
  REFUND_MISSING_AT_WECHAT: '本系统有成功退款，微信账单中没有',
  REFUND_AMOUNT_DIFFERS: '退款金额不一致',
};

/** Why a run failed: the bill was not trusted (never compared) or could not be had. */
export const RECONCILIATION_FAILURES = [
  'BILL_HASH_MISMATCH',
  'BILL_TOO_LARGE',
  'BILL_TOO_MANY_ROWS',
  'BILL_MALFORMED',
  'BILL_TOTALS_MISMATCH',
  'BILL_FOREIGN_MERCHANT',
  'WECHATPAY_UNAVAILABLE',
  /** Something on our side broke mid-run; the day is free to run again. */
  'RUN_FAILED',
] as const;
export type ReconciliationFailure = (typeof RECONCILIATION_FAILURES)[number];

export const RECONCILIATION_LIMITS = {
  /** How far back a bill can be asked for (WeChat keeps three months). */
  daysBack: 90,
  /** A bill file larger than this is refused before it is read. */
  billMaxBytes: 32 * 1024 * 1024,
  /** A bill with more lines than this is refused before its fields are parsed. */
  billMaxRows: 200_000,
  /** Mismatches shown in one reconciliation view; `mismatchesTruncated` says when there were more. */
  mismatchesShown: 500,
} as const;

/** 'YYYY-MM-DD', a Shanghai calendar day before today. */
export const RECONCILIATION_DATE_PATTERN = /^20\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * Run (or rerun) the reconciliation of one Shanghai day, before today and at most
 * RECONCILIATION_LIMITS.daysBack days ago. A rerun replaces that day's previous result. Anyone who runs
 * some compound's money (`bill.write` anywhere: a company's manager, a community admin) and the platform
 * admin may start it: it only reads WeChat's bill and changes no money.
 */
export interface ReconciliationRunRequest {
  date: string;
}

/** What a run says to whoever started it: no totals, those are the whole merchant account's. */
export interface ReconciliationRunView {
  id: number;
  billDate: string;
  status: ReconciliationStatus;
  failure: ReconciliationFailure | null;
  finishedAt: IsoTime | null;
}

/** The whole merchant account's figures for the day: the platform admin's view only. */
export interface ReconciliationTotalsView {
  billSha1: string | null;
  billRows: number;
  wechatPaymentCount: number;
  wechatPaymentFen: number;
  wechatRefundCount: number;
  wechatRefundFen: number;
  ourPaymentCount: number;
  ourPaymentFen: number;
  ourRefundCount: number;
  ourRefundFen: number;
  mismatchCount: number;
}

export interface ReconciliationView extends ReconciliationRunView {
  /** Mismatches in the scope asked for (the compound's, or all for the platform admin). */
  mismatchCount: number;
  totals: ReconciliationTotalsView | null;
}

export interface ReconciliationMismatchView {
  id: number;
  kind: ReconciliationMismatchKind;
  /** Null when nothing we have ties it to a compound (an order we never placed). */
  compoundId: number | null;
  outTradeNo: string | null;
  transactionId: string | null;
  outRefundNo: string | null;
  wechatFen: number | null;
  ourFen: number | null;
  paymentId: number | null;
  refundId: number | null;
  note: string | null;
}

export interface ReconciliationDetailView extends ReconciliationView {
  mismatches: ReconciliationMismatchView[];
  mismatchesTruncated: boolean;
}

/** Without `compoundId`: the whole account, for the platform admin only. */
export interface ReconciliationListQuery extends PageQuery {
  compoundId?: number;
}

export interface ReconciliationScopeQuery {
  compoundId?: number;
}
