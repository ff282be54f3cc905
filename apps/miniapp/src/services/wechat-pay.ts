import Taro from '@tarojs/taro';
import { ENDPOINTS, type WechatOrderView } from '@doorstep/contracts';

import { call } from './request';

export type PayOutcome =
  /** Recorded: the order is paid and its payment (and receipt) exists. */
  | { kind: 'paid'; order: WechatOrderView }
  /** The person closed WeChat's pay sheet; nothing was paid. */
  | { kind: 'cancelled'; order: WechatOrderView }
  /** Paid elsewhere (H5: WeChat on the phone, by the code); the page waits for the result. */
  | { kind: 'elsewhere'; order: WechatOrderView }
  /** WeChat said paid but the result has not reached us yet: ask again shortly. */
  | { kind: 'pending'; order: WechatOrderView };

/**
 * Pays open bills of one home. In the mini-program: a JSAPI order, WeChat's own pay sheet, then the
 * "paid" callback that asks the server to confirm with WeChat (the signed notification may be first; it
 * is recorded once either way). Elsewhere: a NATIVE order whose code is paid in WeChat. The key makes a
 * resend (a retry after a dropped connection) the same order.
 */
export async function payBills(
  householdId: number,
  billIds: number[],
  idempotencyKey: string,
  amountFen?: number,
): Promise<PayOutcome> {
  const weapp = process.env.TARO_ENV === 'weapp';
  const order = await call(ENDPOINTS.createWechatOrder, {
    body: { householdId, billIds, tradeType: weapp ? 'jsapi' : 'native', amountFen },
    idempotencyKey,
  });
  if (!weapp || !order.payParams) return { kind: 'elsewhere', order };
  try {
    await Taro.requestPayment({ ...order.payParams });
  } catch (err) {
    if (/cancel/i.test((err as { errMsg?: string })?.errMsg ?? '')) return { kind: 'cancelled', order };
    throw err;
  }
  return confirmPaid(order.id);
}

/** Asks the server to check with WeChat; `pending` until the payment is recorded. */
export async function confirmPaid(orderId: number): Promise<PayOutcome> {
  const order = await call(ENDPOINTS.syncWechatOrder, { params: { id: orderId } });
  return order.status === 'paid' ? { kind: 'paid', order } : { kind: 'pending', order };
}
