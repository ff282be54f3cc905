import { FeeItem } from '../../src/payments/fee-item.entity';
import { Bill } from '../../src/payments/bill.entity';
import { PaymentAllocation } from '../../src/payments/payment-allocation.entity';
import { Payment } from '../../src/payments/payment.entity';
import { WechatOrder } from '../../src/payments/wechat/wechat-order.entity';
import { WechatReconciliation } from '../../src/payments/wechat/wechat-reconciliation.entity';
import { previousShanghaiDate } from '../../src/payments/wechat/reconciliation-matcher';
import type { Household } from '../../src/households/household.entity';
import { uniq, version, type Case, type World } from './matrix';

/** bill.read: whoever's scope encloses the compound, its staff (cashiers) included; not grid workers or residents. */
const READERS: Case['allowed'] = ['platform_admin', 'street_admin', 'community_admin', 'manager', 'staff'];
/**
 * fee.write / bill.write: only who runs the compound — the company's manager here (both matrix compounds
 * are company-run). Not the supervising community, the street or the platform; on a foreign compound nobody.
 */
const RUNNERS: Case['allowed'] = ['manager'];

const items = new WeakMap<World, Map<number, number>>();
/** One 物业费 item per compound (made on first use). */
async function itemOf(w: World, compoundId: number): Promise<number> {
  const mine = items.get(w) ?? new Map<number, number>();
  items.set(w, mine);
  if (!mine.has(compoundId)) {
    const row = await w.f.__db
      .getRepository(FeeItem)
      .save({ compoundId, name: uniq('物业费'), rule: 'per_area', priceFen: 185, cycleMonths: 1, period: null, active: true });
    mine.set(compoundId, row.id);
  }
  return mine.get(compoundId)!;
}

let month = 0;
/** A fresh unpaid bill of the household (each call a new period), so every allowed waive/cancel really writes. */
async function billOf(w: World, h: Household): Promise<{ id: number; version: number }> {
  month++;
  const period = `${2000 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
  const bill = await w.f.__db.getRepository(Bill).save({
    compoundId: h.compoundId,
    buildingId: h.buildingId,
    householdId: h.id,
    feeItemId: await itemOf(w, h.compoundId),
    billingRunId: null,
    period,
    months: 1,
    itemName: '物业费',
    rule: 'per_area',
    priceFen: 185,
    areaHundredths: h.areaHundredths,
    amountFen: 16558,
    paidFen: 0,
    status: 'unpaid',
    statusReason: null,
    statusById: null,
    statusAt: null,
  });
  return { id: bill.id, version: bill.version };
}

let receipt = 0;
/** A fresh cash payment that paid a fresh bill of the household in full (receipts of 1999, apart from the API's). */
async function paymentOf(w: World, h: Household): Promise<number> {
  const bill = await billOf(w, h);
  await w.f.__db.getRepository(Bill).update(bill.id, { paidFen: 16558, status: 'paid' });
  const payment = await w.f.__db.getRepository(Payment).save({
    compoundId: h.compoundId,
    buildingId: h.buildingId,
    householdId: h.id,
    channel: 'cash',
    amountFen: 16558,
    receiptYear: 1999,
    receiptSeq: ++receipt,
    reference: null,
    note: null,
    recordedById: w.users.manager.id,
  });
  await w.f.__db.getRepository(PaymentAllocation).insert({ paymentId: payment.id, billId: bill.id, amountFen: 16558 });
  return payment.id;
}

/** A WeChat payment of the household (WeChat's fake never heard of it: a refund of it ends abnormal, still a 200). */
async function wechatPaymentOf(w: World, h: Household): Promise<number> {
  const id = await paymentOf(w, h);
  await w.f.__db
    .getRepository(Payment)
    .update(id, { channel: 'wechat', reference: uniq('DSMATRIX'), transactionId: uniq('4200') });
  return id;
}

/** An open order of the household, started by the matrix's resident on their own, by someone else on a foreign one. */
async function wechatOrderOf(w: World, h: Household): Promise<number> {
  const payerId = h === w.household ? w.users.resident.id : (await w.f.user()).id;
  const order = await w.f.__db.getRepository(WechatOrder).save({
    outTradeNo: uniq('DSMATRIX'),
    compoundId: h.compoundId,
    buildingId: h.buildingId,
    householdId: h.id,
    payerId,
    tradeType: 'native',
    amountFen: 16558,
    status: 'open',
    prepayId: null,
    codeUrl: 'weixin://wxpay/bizpayurl?pr=MATRIX01',
    expiresAt: new Date(Date.now() + 15 * 60_000),
    paymentId: null,
    finishedAt: null,
  });
  return order.id;
}

let reconciled = 0;
/** A finished reconciliation row of its own bill date (dates of 2001, apart from any the API runs). */
async function reconciliationOf(w: World): Promise<number> {
  reconciled++;
  const billDate = `2001-${String(1 + Math.floor(reconciled / 28)).padStart(2, '0')}-${String(1 + (reconciled % 28)).padStart(2, '0')}`;
  const row = await w.f.__db
    .getRepository(WechatReconciliation)
    .save({ billDate, status: 'matched', failure: null, leaseUntil: null, finishedAt: new Date() });
  return row.id;
}

/** The version a change of the compound's billing settings must carry (0 before the first). */
async function settingsVersion(w: World, compoundId: number): Promise<number> {
  const [row] = await w.f.__db.query('SELECT version FROM compound_billing_settings WHERE compound_id = ?', [compoundId]);
  return row ? Number(row.version) : 0;
}

const newOrder = (foreign: boolean) => async (w: World) => {
  const h = foreign ? w.household2 : w.household;
  const bill = await billOf(w, h);
  return {
    method: 'POST' as const,
    url: '/api/v1/payments/wechat/orders',
    body: { householdId: h.id, billIds: [bill.id], tradeType: 'native' },
  };
};

const action = (verb: 'waive' | 'cancel', foreign: boolean) => async (w: World) => {
  const bill = await billOf(w, foreign ? w.household2 : w.household);
  return {
    method: 'POST' as const,
    url: `/api/v1/bills/${bill.id}/${verb}`,
    body: { version: bill.version, reason: '测试原因' },
  };
};

const patchItem = (foreign: boolean) => async (w: World) => {
  const id = await itemOf(w, foreign ? w.compound2 : w.compound);
  return {
    method: 'PATCH' as const,
    url: `/api/v1/fee-items/${id}`,
    body: { version: await version(w, 'fee_items', id), name: uniq('物业费') },
  };
};

/** 缴费 (billing): fee items, billing runs, bills, arrears, collection rate. */
export const PAYMENT_CASES: Case[] = [
  {
    route: 'GET /api/v1/compounds/:id/fee-items',
    allowed: READERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound}/fee-items` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound2}/fee-items` }),
  },
  {
    route: 'POST /api/v1/fee-items',
    allowed: RUNNERS,
    own: (w) => ({
      method: 'POST',
      url: '/api/v1/fee-items',
      body: { compoundId: w.compound, name: uniq('停车费'), rule: 'per_month', priceFen: 15000, cycleMonths: 1 },
    }),
    foreign: (w) => ({
      method: 'POST',
      url: '/api/v1/fee-items',
      body: { compoundId: w.compound2, name: uniq('停车费'), rule: 'per_month', priceFen: 15000, cycleMonths: 1 },
    }),
    foreignAllowed: [],
  },
  {
    route: 'PATCH /api/v1/fee-items/:id',
    allowed: RUNNERS,
    own: patchItem(false),
    foreign: patchItem(true),
    foreignAllowed: [],
  },
  {
    route: 'POST /api/v1/compounds/:id/billing-runs',
    allowed: RUNNERS,
    own: (w) => ({
      method: 'POST',
      url: `/api/v1/compounds/${w.compound}/billing-runs`,
      body: { period: '2026-01', dryRun: true },
    }),
    foreign: (w) => ({
      method: 'POST',
      url: `/api/v1/compounds/${w.compound2}/billing-runs`,
      body: { period: '2026-01', dryRun: true },
    }),
    foreignAllowed: [],
  },
  {
    route: 'GET /api/v1/bills',
    allowed: READERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/bills?compoundId=${w.compound}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/bills?compoundId=${w.compound2}` }),
  },
  {
    // Anyone signed in gets their own households' bills (none without one); another household's: 404 to all.
    route: 'GET /api/v1/me/bills',
    allowed: 'signed-in',
    ownerOnly: true,
    own: () => ({ method: 'GET', url: '/api/v1/me/bills' }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/me/bills?householdId=${w.household2.id}` }),
    leaks: (b, w) => (b.items as Array<{ householdId: number }>).some((i) => i.householdId === w.household2.id),
  },
  {
    route: 'POST /api/v1/bills/:id/waive',
    allowed: RUNNERS,
    own: action('waive', false),
    foreign: action('waive', true),
    foreignAllowed: [],
  },
  {
    route: 'POST /api/v1/bills/:id/cancel',
    allowed: RUNNERS,
    own: action('cancel', false),
    foreign: action('cancel', true),
    foreignAllowed: [],
  },
  {
    route: 'GET /api/v1/compounds/:id/arrears',
    allowed: READERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound}/arrears` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound2}/arrears` }),
  },
  {
    route: 'GET /api/v1/compounds/:id/arrears/households',
    allowed: READERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound}/arrears/households` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound2}/arrears/households` }),
  },
  {
    route: 'GET /api/v1/compounds/:id/collection-rate',
    allowed: READERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound}/collection-rate?period=2026-01` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound2}/collection-rate?period=2026-01` }),
  },
  {
    // 催缴 writes (reminder rows, messages): who runs the compound. A fresh round each time, so it really sends.
    route: 'POST /api/v1/compounds/:id/bill-reminders',
    allowed: RUNNERS,
    own: async (w) => {
      await billOf(w, w.household);
      return { method: 'POST', url: `/api/v1/compounds/${w.compound}/bill-reminders`, body: { round: uniq('催缴') } };
    },
    foreign: async (w) => {
      await billOf(w, w.household2);
      return { method: 'POST', url: `/api/v1/compounds/${w.compound2}/bill-reminders`, body: { round: uniq('催缴') } };
    },
    foreignAllowed: [],
  },
  ...(['bills.xlsx', 'payments.xlsx', 'arrears.xlsx'] as const).map((file): Case => ({
    route: `GET /api/v1/compounds/:id/${file}`,
    allowed: READERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound}/${file}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound2}/${file}` }),
  })),
  {
    route: 'POST /api/v1/payments',
    allowed: ['manager', 'staff'],
    own: async (w) => {
      await billOf(w, w.household);
      return { method: 'POST', url: '/api/v1/payments', body: { householdId: w.household.id, channel: 'cash', amountFen: 1 } };
    },
    foreign: async (w) => {
      await billOf(w, w.household2);
      return { method: 'POST', url: '/api/v1/payments', body: { householdId: w.household2.id, channel: 'cash', amountFen: 1 } };
    },
    foreignAllowed: [],
  },
  {
    route: 'GET /api/v1/payments',
    allowed: READERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/payments?compoundId=${w.compound}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/payments?compoundId=${w.compound2}` }),
  },
  {
    // The compound's readers, and the verified members of the payment's household.
    route: 'GET /api/v1/payments/:id',
    allowed: [...READERS, 'resident'],
    own: async (w) => ({ method: 'GET', url: `/api/v1/payments/${await paymentOf(w, w.household)}` }),
    foreign: async (w) => ({ method: 'GET', url: `/api/v1/payments/${await paymentOf(w, w.household2)}` }),
  },
  {
    route: 'GET /api/v1/payments/:id/receipt.pdf',
    allowed: [...READERS, 'resident'],
    own: async (w) => ({ method: 'GET', url: `/api/v1/payments/${await paymentOf(w, w.household)}/receipt.pdf` }),
    foreign: async (w) => ({ method: 'GET', url: `/api/v1/payments/${await paymentOf(w, w.household2)}/receipt.pdf` }),
  },
  {
    route: 'POST /api/v1/payments/:id/reverse',
    allowed: RUNNERS,
    own: async (w) => ({
      method: 'POST',
      url: `/api/v1/payments/${await paymentOf(w, w.household)}/reverse`,
      body: { reason: '测试冲正' },
    }),
    foreign: async (w) => ({
      method: 'POST',
      url: `/api/v1/payments/${await paymentOf(w, w.household2)}/reverse`,
      body: { reason: '测试冲正' },
    }),
    foreignAllowed: [],
  },
  {
    route: 'GET /api/v1/me/payments',
    allowed: 'signed-in',
    ownerOnly: true,
    own: () => ({ method: 'GET', url: '/api/v1/me/payments' }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/me/payments?householdId=${w.household2.id}` }),
    leaks: (b, w) => (b.items as Array<{ householdId: number }>).some((i) => i.householdId === w.household2.id),
  },
  {
    route: 'GET /api/v1/payments/wechat/status',
    allowed: 'signed-in',
    own: () => ({ method: 'GET', url: '/api/v1/payments/wechat/status' }),
  },
  {
    // Only a verified member pays for their household; nobody orders for another's.
    route: 'POST /api/v1/payments/wechat/orders',
    allowed: ['resident'],
    own: newOrder(false),
    foreign: newOrder(true),
    foreignAllowed: [],
  },
  {
    route: 'GET /api/v1/payments/wechat/orders/:id',
    allowed: [...READERS, 'resident'],
    own: async (w) => ({ method: 'GET', url: `/api/v1/payments/wechat/orders/${await wechatOrderOf(w, w.household)}` }),
    foreign: async (w) => ({ method: 'GET', url: `/api/v1/payments/wechat/orders/${await wechatOrderOf(w, w.household2)}` }),
  },
  {
    route: 'POST /api/v1/payments/wechat/orders/:id/sync',
    allowed: [...READERS, 'resident'],
    own: async (w) => ({ method: 'POST', url: `/api/v1/payments/wechat/orders/${await wechatOrderOf(w, w.household)}/sync` }),
    foreign: async (w) => ({
      method: 'POST',
      url: `/api/v1/payments/wechat/orders/${await wechatOrderOf(w, w.household2)}/sync`,
    }),
  },
  {
    route: 'POST /api/v1/payments/:id/refund',
    allowed: RUNNERS,
    own: async (w) => ({
      method: 'POST',
      url: `/api/v1/payments/${await wechatPaymentOf(w, w.household)}/refund`,
      body: { amountFen: 100, reason: '测试退款' },
    }),
    foreign: async (w) => ({
      method: 'POST',
      url: `/api/v1/payments/${await wechatPaymentOf(w, w.household2)}/refund`,
      body: { amountFen: 100, reason: '测试退款' },
    }),
    foreignAllowed: [],
  },
  {
    // Whoever runs some compound's money (bill.write anywhere) and the platform: it reads WeChat's bill,
    // changes no money, and each compound's readers see only their own mismatches afterwards.
    route: 'POST /api/v1/payments/wechat/reconciliations',
    allowed: ['platform_admin', 'community_admin', 'manager'],
    own: () => ({
      method: 'POST',
      url: '/api/v1/payments/wechat/reconciliations',
      body: { date: previousShanghaiDate(new Date()) },
    }),
  },
  {
    route: 'GET /api/v1/payments/wechat/reconciliations',
    allowed: READERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/payments/wechat/reconciliations?compoundId=${w.compound}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/payments/wechat/reconciliations?compoundId=${w.compound2}` }),
  },
  {
    route: 'GET /api/v1/payments/wechat/reconciliations/:id',
    allowed: READERS,
    own: async (w) => ({
      method: 'GET',
      url: `/api/v1/payments/wechat/reconciliations/${await reconciliationOf(w)}?compoundId=${w.compound}`,
    }),
    foreign: async (w) => ({
      method: 'GET',
      url: `/api/v1/payments/wechat/reconciliations/${await reconciliationOf(w)}?compoundId=${w.compound2}`,
    }),
  },
  {
    route: 'GET /api/v1/payments/wechat/reconciliations/:id/mismatches.xlsx',
    allowed: READERS,
    own: async (w) => ({
      method: 'GET',
      url: `/api/v1/payments/wechat/reconciliations/${await reconciliationOf(w)}/mismatches.xlsx?compoundId=${w.compound}`,
    }),
    foreign: async (w) => ({
      method: 'GET',
      url: `/api/v1/payments/wechat/reconciliations/${await reconciliationOf(w)}/mismatches.xlsx?compoundId=${w.compound2}`,
    }),
  },
  {
    // WeChat's callback: no sign-in, and nothing believed without a valid signature.
    route: 'POST /api/v1/payments/wechat/notify',
    allowed: 'public',
    own: () => ({ method: 'POST', url: '/api/v1/payments/wechat/notify', body: { event_type: 'TRANSACTION.SUCCESS' } }),
  },
  {
    route: 'GET /api/v1/compounds/:id/billing-settings',
    allowed: READERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound}/billing-settings` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound2}/billing-settings` }),
  },
  {
    route: 'PATCH /api/v1/compounds/:id/billing-settings',
    allowed: RUNNERS,
    own: async (w) => ({
      method: 'PATCH',
      url: `/api/v1/compounds/${w.compound}/billing-settings`,
      body: { version: await settingsVersion(w, w.compound), allowPartialPayment: true },
    }),
    foreign: async (w) => ({
      method: 'PATCH',
      url: `/api/v1/compounds/${w.compound2}/billing-settings`,
      body: { version: await settingsVersion(w, w.compound2), allowPartialPayment: true },
    }),
    foreignAllowed: [],
  },
  {
    // The payer alone (the matrix's resident started the order of their own home).
    route: 'GET /api/v1/payments/wechat/orders/:id/code.png',
    allowed: ['resident'],
    own: async (w) => ({ method: 'GET', url: `/api/v1/payments/wechat/orders/${await wechatOrderOf(w, w.household)}/code.png` }),
    foreign: async (w) => ({
      method: 'GET',
      url: `/api/v1/payments/wechat/orders/${await wechatOrderOf(w, w.household2)}/code.png`,
    }),
    foreignAllowed: [],
  },
];
