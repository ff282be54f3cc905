import { RECONCILIATION_MISMATCH_LABELS, type ReconciliationMismatchView } from '@doorstep/contracts';
import { AMOUNT_FORMAT, type SheetCell, type SheetColumn, type SheetSpec } from '../../common/xlsx/sheet-writer';
import { exportHead, notesSheet, yuanCell } from '../billing-sheets';

/** 对账差异 as a sheet: one row per mismatch, 元 as numbers, then a 说明 sheet naming the day and the kinds. */

const money = (header: string): SheetColumn => ({ header, width: 14, numFmt: AMOUNT_FORMAT });

export const MISMATCH_COLUMNS: SheetColumn[] = [
  { header: '差异类型', width: 34 },
  { header: '商户订单号', width: 34 },
  { header: '微信支付单号', width: 32 },
  { header: '商户退款单号', width: 34 },
  money('微信账单金额'),
  money('本系统金额'),
  { header: '缴费记录', width: 10 },
  { header: '退款记录', width: 10 },
  { header: '备注', width: 30 },
];

const yuanOrEmpty = (fen: number | null): SheetCell => (fen === null ? null : yuanCell(fen));

export function mismatchRow(m: ReconciliationMismatchView): SheetCell[] {
  return [
    RECONCILIATION_MISMATCH_LABELS[m.kind],
    m.outTradeNo,
    m.transactionId,
    m.outRefundNo,
    yuanOrEmpty(m.wechatFen),
    yuanOrEmpty(m.ourFen),
    m.paymentId,
    m.refundId,
    m.note,
  ];
}

export function mismatchSheets(
  compoundName: string,
  billDate: string,
  now: Date,
  mismatches: ReconciliationMismatchView[],
): SheetSpec[] {
  return [
    { name: '对账差异', columns: MISMATCH_COLUMNS, rows: mismatches.map(mismatchRow) },
    notesSheet([
      ...exportHead(compoundName, now, `账单日期 ${billDate}`),
      ['差异条数', String(mismatches.length)],
      ...Object.values(RECONCILIATION_MISMATCH_LABELS).map((label): [string, string] => ['差异类型', label]),
      ['金额', '单位为元；微信账单金额为微信交易账单所载，本系统金额为本系统记录，空白表示该方没有这笔记录'],
    ]),
  ];
}
