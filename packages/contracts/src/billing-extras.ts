import type { BillStatus } from './payments';

/**
 * 缴费, third slice: 催缴 reminders and XLSX exports of a compound's bills, payments and arrears.
 * Money stays integer fen on the wire; the exports show 元 with two decimals.
 */

export const BILL_REMINDER_LIMITS = {
  /** A reminder round's label, e.g. "2026-11 第1次": 1–32 characters, one line. */
  roundMax: 32,
} as const;

/**
 * 催缴: remind the verified members of each household with open bills (unpaid or partially paid, period
 * begun) of the compound, optionally only one building, one household or one period. Each bill is reminded
 * at most once per `round`; the members of a household get one message per round listing its bills.
 * `dryRun: true` counts without sending.
 */
export interface BillReminderRequest {
  round: string;
  buildingId?: number;
  householdId?: number;
  /** Only bills of this period, 'YYYY-MM'. */
  period?: string;
  dryRun?: boolean;
}

export interface BillReminderView {
  round: string;
  /** Bills reminded by this call (or that would be, on a dry run). */
  bills: number;
  /** Households whose members were messaged by this call (or would be). */
  households: number;
  /** Messages written: one per verified member of those households. */
  recipients: number;
  /** Open bills that this round had already reminded: nobody is messaged about them again. */
  alreadyReminded: number;
  /** Households with open bills but no verified member to tell; their bills are not marked reminded. */
  unreachableHouseholds: number;
  dryRun: boolean;
}

/** GET /compounds/:id/bills.xlsx */
export interface BillsExportQuery {
  period?: string;
  status?: BillStatus;
}

/** GET /compounds/:id/payments.xlsx: recorded at or after `from`, before `to` (ISO 8601 instants). */
export interface PaymentsExportQuery {
  from?: string;
  to?: string;
}

/** 账龄 buckets of the arrears export, by days since the first day of the bill's period (Asia/Shanghai). */
export const ARREARS_AGE_BUCKETS = [
  { label: '0–30天', maxDays: 30 },
  { label: '31–90天', maxDays: 90 },
  { label: '91–180天', maxDays: 180 },
  { label: '181–365天', maxDays: 365 },
  { label: '365天以上', maxDays: null },
] as const;
