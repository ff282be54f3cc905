import { createHash } from 'node:crypto';
import type { ReconciliationFailure } from '@doorstep/contracts';

/**
 * WeChat Pay's 交易账单 (trade bill, bill_type=ALL) as a pure parser: a CSV in yuan where every field
 * carries a leading backtick (so spreadsheets keep long numbers as text), one header line, the rows, and
 * two lines of totals at the end. Nothing in it is believed before its SHA1 matched and its rows add up
 * to its own totals.
 */

export type BillState = 'SUCCESS' | 'REFUND' | string;

export interface TradeBillRow {
  /** 'YYYY-MM-DD HH:mm:ss', Shanghai wall-clock time. */
  tradeTime: string;
  mchid: string;
  transactionId: string;
  outTradeNo: string;
  state: BillState;
  /** 应结订单金额: what the order settles for (0 on refund rows). */
  settlementFen: number;
  refundId: string;
  outRefundNo: string;
  /** 退款金额 (0 on payment rows). */
  refundFen: number;
  /** 订单金额: the order's total, on payment and refund rows alike. */
  totalFen: number;
  /** 申请退款金额. */
  requestedRefundFen: number;
}

export interface TradeBillTotals {
  count: number;
  settlementFen: number;
  refundFen: number;
  requestedRefundFen: number | null;
}

export interface TradeBill {
  rows: TradeBillRow[];
  totals: TradeBillTotals;
}

export class TradeBillRejected extends Error {
  constructor(
    readonly reason: ReconciliationFailure,
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

const ROW_COLUMNS = {
  tradeTime: '交易时间',
  mchid: '商户号',
  transactionId: '微信订单号',
  outTradeNo: '商户订单号',
  state: '交易状态',
  settlement: '应结订单金额',
  refundId: '微信退款单号',
  outRefundNo: '商户退款单号',
  refund: '退款金额',
  total: '订单金额',
  requestedRefund: '申请退款金额',
} as const;

const TOTAL_COLUMNS = {
  count: '总交易单数',
  settlement: '应结订单总金额',
  refund: '退款总金额',
  requestedRefund: '申请退款总金额',
} as const;

const BOM = '\uFEFF';
const YUAN = /^(-?)(\d{1,12})(?:\.(\d{1,2}))?$/;

/** '123.4' → 12340 by string arithmetic: 0.1 + 0.2 in floating point is how fen go missing. */
export function yuanToFen(text: string): number {
  const match = YUAN.exec(text.trim());
  if (!match) throw new TradeBillRejected('BILL_MALFORMED', `not an amount in yuan: ${JSON.stringify(text.slice(0, 40))}`);
  const [, sign, whole, fraction = ''] = match;
  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return sign ? -fen : fen;
}

/** Whether the file hashes to the SHA1 WeChat stated for it (a public digest: no secret to time). */
export function sha1Matches(data: Buffer, expectedHex: string): boolean {
  const actual = createHash('sha1').update(data).digest('hex');
  return actual.length === expectedHex.length && actual === expectedHex.toLowerCase();
}

/**
 * The bill's rows and totals. `maxRows` is checked on the line count before any field is split, so a
 * huge file costs one pass over its bytes at most (its byte size was bounded by the download).
 */
export function parseTradeBill(data: Buffer, maxRows: number): TradeBill {
  const lines = billLines(data);
  if (lines.length < 3) throw new TradeBillRejected('BILL_MALFORMED', 'no header, rows and totals');
  if (lines.length - 3 > maxRows) throw new TradeBillRejected('BILL_TOO_MANY_ROWS', `${lines.length - 3} rows > ${maxRows}`);
  const header = columnIndex(lines[0].split(','), Object.values(ROW_COLUMNS));
  const rows = lines.slice(1, -2).map((line, i) => rowOf(fields(line, header.size, i + 2), header));
  const totalsHeader = columnIndex(lines[lines.length - 2].split(','), [
    TOTAL_COLUMNS.count,
    TOTAL_COLUMNS.settlement,
    TOTAL_COLUMNS.refund,
  ]);
  const totals = totalsOf(fields(lines[lines.length - 1], totalsHeader.size, lines.length), totalsHeader);
  checkTotals(rows, totals);
  return { rows, totals };
}

function billLines(data: Buffer): string[] {
  let text = data.toString('utf8');
  if (text.startsWith(BOM)) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  return lines;
}

/** Column positions by their Chinese names: WeChat has added columns over the years, never renamed these. */
function columnIndex(names: string[], required: readonly string[]): Map<string, number> {
  const index = new Map(names.map((name, i) => [name.replace(/^`/, '').trim(), i]));
  const missing = required.filter((name) => !index.has(name));
  if (missing.length) throw new TradeBillRejected('BILL_MALFORMED', `header lacks ${missing.join(', ')}`);
  return index;
}

/** A data line: a backtick, then fields joined by ",`" — a comma inside a product name stays in its field. */
function fields(line: string, expected: number, lineNo: number): string[] {
  if (!line.startsWith('`')) throw new TradeBillRejected('BILL_MALFORMED', `line ${lineNo} does not start with a backtick`);
  const cells = line.slice(1).split(',`');
  if (cells.length !== expected) {
    throw new TradeBillRejected('BILL_MALFORMED', `line ${lineNo} has ${cells.length} fields, the header ${expected}`);
  }
  return cells;
}

function rowOf(cells: string[], at: Map<string, number>): TradeBillRow {
  const cell = (name: string) => cells[at.get(name)!].trim();
  const amount = (name: string) => (at.has(name) ? yuanToFen(cell(name)) : 0);
  return {
    tradeTime: cell(ROW_COLUMNS.tradeTime),
    mchid: cell(ROW_COLUMNS.mchid),
    transactionId: cell(ROW_COLUMNS.transactionId),
    outTradeNo: cell(ROW_COLUMNS.outTradeNo),
    state: cell(ROW_COLUMNS.state),
    settlementFen: amount(ROW_COLUMNS.settlement),
    refundId: cell(ROW_COLUMNS.refundId),
    outRefundNo: cell(ROW_COLUMNS.outRefundNo),
    refundFen: amount(ROW_COLUMNS.refund),
    totalFen: amount(ROW_COLUMNS.total),
    requestedRefundFen: amount(ROW_COLUMNS.requestedRefund),
  };
}

function totalsOf(cells: string[], at: Map<string, number>): TradeBillTotals {
  const cell = (name: string) => cells[at.get(name)!].trim();
  const count = cell(TOTAL_COLUMNS.count);
  if (!/^\d{1,9}$/.test(count)) throw new TradeBillRejected('BILL_MALFORMED', `total count ${JSON.stringify(count)}`);
  return {
    count: Number(count),
    settlementFen: yuanToFen(cell(TOTAL_COLUMNS.settlement)),
    refundFen: yuanToFen(cell(TOTAL_COLUMNS.refund)),
    requestedRefundFen: at.has(TOTAL_COLUMNS.requestedRefund) ? yuanToFen(cell(TOTAL_COLUMNS.requestedRefund)) : null,
  };
}

/** A truncated or spliced file still hashes to something: its rows must also add up to its own totals. */
function checkTotals(rows: TradeBillRow[], totals: TradeBillTotals): void {
  const sum = (pick: (r: TradeBillRow) => number) => rows.reduce((total, r) => total + pick(r), 0);
  const problems = [
    rows.length !== totals.count && `${rows.length} rows, totals say ${totals.count}`,
    sum((r) => r.settlementFen) !== totals.settlementFen &&
      `应结订单金额 adds up to ${sum((r) => r.settlementFen)} fen, totals say ${totals.settlementFen}`,
    sum((r) => r.refundFen) !== totals.refundFen &&
      `退款金额 adds up to ${sum((r) => r.refundFen)} fen, totals say ${totals.refundFen}`,
    totals.requestedRefundFen !== null &&
      sum((r) => r.requestedRefundFen) !== totals.requestedRefundFen &&
      `申请退款金额 adds up to ${sum((r) => r.requestedRefundFen)} fen, totals say ${totals.requestedRefundFen}`,
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length) throw new TradeBillRejected('BILL_TOTALS_MISMATCH', problems.join('; '));
}
