import {
  ARREARS_AGE_BUCKETS,
  BILL_STATUS_LABELS,
  FEE_RULE_LABELS,
  PAYMENT_CHANNEL_LABELS,
  type BillView,
  type PaymentChannel,
  type PaymentView,
} from '@doorstep/contracts';
import { formatShanghai } from '../common/shanghai-time';
import { AMOUNT_FORMAT, type SheetCell, type SheetColumn, type SheetSpec } from '../common/xlsx/sheet-writer';
import { yuan } from './receipt-pdf';

/**
 * The billing exports' sheets: Chinese headers, 元 as numbers with two decimals, Shanghai times, and a
 * 说明 sheet that defines the columns and carries the totals. Pure functions of loaded rows, so the
 * service only gathers data.
 */

/** A cell's 元: fen / 100 is the one division, of an integer, so 12345 → 123.45 exactly as Excel reads it. */
export const yuanCell = (fen: number): number => fen / 100;
/** Empty cells stay empty (null), not empty strings. */
const at = (d: Date | null) => (d ? formatShanghai(d) : null);
const money = (header: string, width = 12): SheetColumn => ({ header, width, numFmt: AMOUNT_FORMAT });
const text = (header: string, width: number): SheetColumn => ({ header, width });

const TIME_NOTE = '时间为北京时间（Asia/Shanghai），格式 年-月-日 时:分';
const MONEY_NOTE = '金额单位为元，保留两位小数；系统按分记账，合计先按分求和再换算为元，没有舍入误差';

/** The 说明 sheet: what the file is, its filters, its totals, then what the columns mean. */
export function notesSheet(lines: Array<[string, string]>): SheetSpec {
  return { name: '说明', columns: [text('项目', 18), text('内容', 80)], rows: lines };
}

/** Shared head of every 说明: compound, when, filters. */
export function exportHead(compoundName: string, now: Date, filters: string): Array<[string, string]> {
  return [
    ['小区', compoundName],
    ['导出时间', formatShanghai(now)],
    ['筛选条件', filters || '全部'],
  ];
}

// ---- 账单 ----

export const BILL_COLUMNS: SheetColumn[] = [
  text('账单编号', 10),
  text('账期', 9),
  text('楼栋', 12),
  text('房屋', 12),
  text('收费项目', 14),
  text('计费方式', 18),
  money('单价（元）', 11),
  { header: '面积（㎡）', width: 11, numFmt: AMOUNT_FORMAT },
  text('月数', 6),
  money('应收（元）'),
  money('已缴（元）'),
  money('欠费（元）'),
  text('状态', 10),
  text('状态说明', 24),
  text('出账时间', 17),
];

export function billRow(b: BillView): SheetCell[] {
  return [
    b.id,
    b.period,
    b.buildingName,
    b.householdLabel,
    b.itemName,
    FEE_RULE_LABELS[b.rule],
    yuanCell(b.priceFen),
    b.areaHundredths === null ? null : b.areaHundredths / 100,
    b.months,
    yuanCell(b.amountFen),
    yuanCell(b.paidFen),
    yuanCell(b.owedFen),
    BILL_STATUS_LABELS[b.status],
    b.statusReason,
    at(new Date(b.createdAt)),
  ];
}

export function billNotes(bills: BillView[]): Array<[string, string]> {
  const sum = (pick: (b: BillView) => number) => bills.reduce((s, b) => s + pick(b), 0);
  return [
    ['账单数', String(bills.length)],
    ['应收合计（元）', yuan(sum((b) => b.amountFen))],
    ['已缴合计（元）', yuan(sum((b) => b.paidFen))],
    ['欠费合计（元）', yuan(sum((b) => b.owedFen))],
    ['单价', '按面积计费时为 元/㎡/月，其他为 元/月（一次性项目为一次的金额）'],
    ['欠费', '应收 − 已缴，仅待缴和部分缴纳的账单；已减免、已作废的账单欠费为 0'],
    ['金额', MONEY_NOTE],
    ['时间', TIME_NOTE],
  ];
}

// ---- 收款 ----

export const PAYMENT_COLUMNS: SheetColumn[] = [
  text('收据号', 14),
  text('收款时间', 17),
  text('楼栋', 12),
  text('房屋', 12),
  text('收款方式', 10),
  money('金额（元）'),
  text('分配到账单', 40),
  text('参考号', 16),
  text('备注', 24),
  text('收款人', 10),
  text('冲正', 6),
  text('冲正时间', 17),
  text('冲正原因', 24),
];

export interface PaymentLine {
  payment: PaymentView;
  buildingName: string;
  recordedByName: string;
}

export const channelLabel = (c: string) => PAYMENT_CHANNEL_LABELS[c as PaymentChannel] ?? c;

export function paymentRow({ payment: p, buildingName, recordedByName }: PaymentLine): SheetCell[] {
  const allocations = p.allocations.map((a) => `${a.period} ${a.itemName} ${yuan(a.amountFen)}`).join('；');
  return [
    p.receiptNo,
    at(new Date(p.createdAt)),
    buildingName,
    p.householdLabel,
    channelLabel(p.channel),
    yuanCell(p.amountFen),
    allocations || null,
    p.reference,
    p.note,
    recordedByName || null,
    p.reversal ? '已冲正' : null,
    p.reversal ? at(new Date(p.reversal.createdAt)) : null,
    p.reversal?.reason ?? null,
  ];
}

export function paymentNotes(lines: PaymentLine[]): Array<[string, string]> {
  let total = 0;
  let reversed = 0;
  let reversedCount = 0;
  for (const { payment: p } of lines) {
    total += p.amountFen;
    if (p.reversal) {
      reversed += p.amountFen;
      reversedCount++;
    }
  }
  return [
    ['收款笔数', String(lines.length)],
    ['收款合计（元）', yuan(total)],
    ['已冲正', `${reversedCount} 笔，${yuan(reversed)} 元`],
    ['实收合计（元）', yuan(total - reversed)],
    ['冲正', '标“已冲正”的收款已由冲正记录抵销（原记录保留不改），不计入实收合计'],
    ['分配到账单', '本笔收款分配到的账单：账期 收费项目 金额（元）'],
    ['金额', MONEY_NOTE],
    ['时间', TIME_NOTE],
  ];
}

// ---- 欠费 ----

export const ARREARS_COLUMNS: SheetColumn[] = [
  text('楼栋', 12),
  text('房屋', 12),
  money('欠费合计（元）', 14),
  text('欠费笔数', 9),
  text('最早欠费账期', 12),
  text('欠费天数', 9),
  ...ARREARS_AGE_BUCKETS.map((b) => money(`账龄 ${b.label}（元）`, 16)),
  text('最近催缴', 17),
];

export interface HouseholdArrears {
  buildingName: string;
  householdLabel: string;
  owedFen: number;
  bills: number;
  oldestPeriod: string;
  oldestDays: number;
  /** Owed fen per ARREARS_AGE_BUCKETS entry. */
  bucketsFen: number[];
  lastRemindedAt: Date | null;
}

/** The bucket a bill of this age falls in. */
export function ageBucket(days: number): number {
  const i = ARREARS_AGE_BUCKETS.findIndex((b) => b.maxDays !== null && days <= b.maxDays);
  return i === -1 ? ARREARS_AGE_BUCKETS.length - 1 : i;
}

export function arrearsRow(h: HouseholdArrears): SheetCell[] {
  return [
    h.buildingName,
    h.householdLabel,
    yuanCell(h.owedFen),
    h.bills,
    h.oldestPeriod,
    h.oldestDays,
    ...h.bucketsFen.map(yuanCell),
    at(h.lastRemindedAt),
  ];
}

export function arrearsNotes(rows: HouseholdArrears[], asOf: string): Array<[string, string]> {
  const owed = rows.reduce((s, h) => s + h.owedFen, 0);
  const bills = rows.reduce((s, h) => s + h.bills, 0);
  return [
    ['截至账期', `${asOf}（含）之前开始的账期`],
    ['欠费户数', String(rows.length)],
    ['欠费笔数', String(bills)],
    ['欠费合计（元）', yuan(owed)],
    ['欠费', '待缴和部分缴纳账单的 应收 − 已缴'],
    ['欠费天数', '从最早欠费账期的第一天（北京时间）到今天的整天数'],
    ['账龄', '按每笔账单账期第一天到今天的天数分段汇总欠费：' + ARREARS_AGE_BUCKETS.map((b) => b.label).join('、')],
    ['最近催缴', '最近一次向该户发送催缴提醒的时间'],
    ['金额', MONEY_NOTE],
    ['时间', TIME_NOTE],
  ];
}
