import { createHash } from 'node:crypto';
import { Formatter } from 'wechatpay-axios-plugin';
import { parseTradeBill, sha1Matches, TradeBillRejected, yuanToFen } from './trade-bill';

/** A bill as WeChat writes it: BOM, header, backticked rows (one with a comma in its product name), totals. */
const HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
const row = (fields: string[]) => fields.map((f) => `\`${f}`).join(',');
const pay = (tx: string, out: string, yuan: string, name = '物业费') =>
  row([
    '2026-11-26 09:15:02',
    'wxd678efh567hg6787',
    '1900000109',
    '0',
    '',
    tx,
    out,
    'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    'JSAPI',
    'SUCCESS',
    'OTHERS',
    'CNY',
    yuan,
    '0.00',
    '0',
    '0',
    '0.00',
    '0.00',
    '',
    '',
    name,
    '',
    '0.00000',
    '0.60%',
    yuan,
    '0.00',
    '',
  ]);
const refund = (tx: string, out: string, totalYuan: string, outRefund: string, yuan: string) =>
  row([
    '2026-11-26 10:00:00',
    'wxd678efh567hg6787',
    '1900000109',
    '0',
    '',
    tx,
    out,
    'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    'JSAPI',
    'REFUND',
    'OTHERS',
    'CNY',
    '0.00',
    '0.00',
    '50300000000000000000000001',
    outRefund,
    yuan,
    '0.00',
    'ORIGINAL',
    'SUCCESS',
    '物业费',
    '',
    '0.00000',
    '0.60%',
    totalYuan,
    yuan,
    '',
  ]);
const TOTALS_HEADER = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';

function bill(lines: string[], totals: string[]): Buffer {
  return Buffer.from(`\uFEFF${[HEADER, ...lines, TOTALS_HEADER, row(totals), ''].join('\r\n')}`, 'utf8');
}

const SAMPLE = bill(
  [
    pay('4200000001', 'DS0001', '0.10'),
    pay('4200000002', 'DS0002', '0.20', '物业费,停车费 2026-11'),
    pay('4200000003', 'DS0003', '123456.78'),
    refund('4200000003', 'DS0003', '123456.78', 'RF0001', '0.07'),
  ],
  ['4', '123457.08', '0.07', '0.00', '0.00', '123457.08', '0.07'],
);

describe('trade bill (交易账单) parsing', () => {
  it('turns yuan into fen by string arithmetic, never floats', () => {
    expect(yuanToFen('0.10') + yuanToFen('0.20')).toBe(30);
    expect(yuanToFen('1.005'.slice(0, 4))).toBe(100);
    expect(yuanToFen('123456.78')).toBe(12_345_678);
    expect(yuanToFen('7')).toBe(700);
    expect(yuanToFen('0.5')).toBe(50);
    expect(yuanToFen('-3.01')).toBe(-301);
    expect(yuanToFen('19.99')).toBe(1999); // 19.99 * 100 === 1998.9999999999998 in floating point
    for (const bad of ['', '1.234', '1e3', '¥1.00', '0x10', '1,000.00']) expect(() => yuanToFen(bad)).toThrow(TradeBillRejected);
  });

  it('reads rows and totals as wechatpay-axios-plugin’s Formatter.castCsvBill does', () => {
    const ours = parseTradeBill(SAMPLE, 100);
    const theirs = Formatter.castCsvBill(SAMPLE) as { rows: Array<Record<string, string>>; summary: Record<string, string> };
    expect(ours.rows).toHaveLength(theirs.rows.length);
    ours.rows.forEach((r, i) => {
      const t = theirs.rows[i];
      expect(r).toMatchObject({
        tradeTime: t['交易时间'],
        mchid: t['商户号'],
        transactionId: t['微信订单号'],
        outTradeNo: t['商户订单号'],
        state: t['交易状态'],
        outRefundNo: t['商户退款单号'],
        settlementFen: yuanToFen(t['应结订单金额']),
        refundFen: yuanToFen(t['退款金额']),
        totalFen: yuanToFen(t['订单金额']),
      });
    });
    expect(ours.rows[1]).toMatchObject({ outTradeNo: 'DS0002', totalFen: 20 });
    expect(ours.totals).toEqual({
      count: Number(theirs.summary['总交易单数']),
      settlementFen: yuanToFen(theirs.summary['应结订单总金额']),
      refundFen: yuanToFen(theirs.summary['退款总金额']),
      requestedRefundFen: yuanToFen(theirs.summary['申请退款总金额']),
    });
    expect(ours.totals).toMatchObject({ count: 4, settlementFen: 12_345_708, refundFen: 7 });
  });

  it('refuses rows that do not add up to the stated totals', () => {
    const off = bill([pay('4200000001', 'DS0001', '0.10')], ['1', '0.11', '0.00', '0.00', '0.00', '0.11', '0.00']);
    expect(() => parseTradeBill(off, 100)).toThrow(expect.objectContaining({ reason: 'BILL_TOTALS_MISMATCH' }));
    const missing = bill([pay('4200000001', 'DS0001', '0.10')], ['2', '0.10', '0.00', '0.00', '0.00', '0.10', '0.00']);
    expect(() => parseTradeBill(missing, 100)).toThrow(expect.objectContaining({ reason: 'BILL_TOTALS_MISMATCH' }));
  });

  it('refuses too many rows before parsing them, and malformed lines', () => {
    expect(() => parseTradeBill(SAMPLE, 3)).toThrow(expect.objectContaining({ reason: 'BILL_TOO_MANY_ROWS' }));
    const unticked = Buffer.from(SAMPLE.toString('utf8').replace('`2026-11-26 09:15:02', '2026-11-26 09:15:02'));
    expect(() => parseTradeBill(unticked, 100)).toThrow(expect.objectContaining({ reason: 'BILL_MALFORMED' }));
    expect(() => parseTradeBill(Buffer.from('just text'), 100)).toThrow(expect.objectContaining({ reason: 'BILL_MALFORMED' }));
    const noHeader = Buffer.from(SAMPLE.toString('utf8').replace('商户订单号', '订单'));
    expect(() => parseTradeBill(noHeader, 100)).toThrow(expect.objectContaining({ reason: 'BILL_MALFORMED' }));
  });

  it('checks the SHA1 WeChat stated, in either case', () => {
    const sha1 = createHash('sha1').update(SAMPLE).digest('hex');
    expect(sha1Matches(SAMPLE, sha1)).toBe(true);
    expect(sha1Matches(SAMPLE, sha1.toUpperCase())).toBe(true);
    expect(sha1Matches(Buffer.concat([SAMPLE, Buffer.from(' ')]), sha1)).toBe(false);
    expect(sha1Matches(SAMPLE, '')).toBe(false);
  });
});
