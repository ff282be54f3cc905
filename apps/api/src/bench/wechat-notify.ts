import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../common/database/data-source';
import { startFakeWechatPay, type FakeNotification } from '../dev/fake-wechatpay';
import { Household } from '../households/household.entity';
import { Membership } from '../memberships/membership.entity';
import { Bill } from '../payments/bill.entity';
import { FeeItem } from '../payments/fee-item.entity';
import { Building } from '../places/building.entity';
import { User } from '../users/user.entity';
import { freshDatabase, isolatedApiEnv, NO_ACTORS, seedCompound } from './isolated-api';
import { ServerProcess } from './server-process';

/**
 * `pnpm bench` scenario "wechat notifications": WeChat's payment notifications at the notify URL, each
 * one several times over and shuffled (WeChat retries, and its retries race the first delivery), fired by
 * a small pool of concurrent senders. Measures notifications per second and p50/p99 latency, then checks
 * the point of it all: exactly one payment per order, however many copies arrived.
 *
 * The API runs in its own process on a fresh MariaDB database (BENCH_DATABASE_URL's, suffixed `_wxpay`),
 * against the local fake WeChat Pay running here. Settings: BENCH_NOTIFY_ORDERS (200),
 * BENCH_NOTIFY_COPIES (5), BENCH_NOTIFY_CONCURRENCY (20).
 */

export const WECHAT_NOTIFY_SCENARIO = 'wechat notifications';

export interface NotifySettings {
  url: string;
  orders: number;
  copies: number;
  concurrency: number;
}

export interface NotifyResult {
  notifications: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** Answers other than 204 (WeChat would retry them). */
  refused: Record<string, number>;
  payments: number;
  ordersPaid: number;
}

const NOTIFY_PATH = '/api/v1/payments/wechat/notify';

export async function runWechatNotifyBench(s: NotifySettings, log: (line: string) => void): Promise<NotifyResult> {
  const url = await freshDatabase(s.url, 'wxpay');
  const world = await startFakeWechatPay({
    mchid: '1900000109',
    appid: 'wxd678efh567hg6787',
    apiV3Key: randomBytes(16).toString('hex'),
    platformKeyId: 'PUB_KEY_ID_0119000001092026112700000001',
    notifyUrl: `https://doorstep.example.cn${NOTIFY_PATH}`,
  });
  const api = await ServerProcess.start('api', isolatedApiEnv(url, 'wxpay', world.env), NO_ACTORS, null);
  const db = new DataSource({ ...(await buildDataSourceOptions({ url, dataDir: '' })), migrations: [] });
  await db.initialize();
  try {
    const base = `http://127.0.0.1:${api.port}`;
    const { phone, householdId, billIds } = await seed(db, s.orders);
    const token = await api.signIn(phone);
    log(`wechat notifications: placing ${s.orders} orders at the fake WeChat Pay…`);
    const outTradeNos = await placeOrders(base, token, householdId, billIds);
    for (const outTradeNo of outTradeNos) await world.fake.pay(outTradeNo, { notify: false });
    const notifications = shuffle(
      outTradeNos.flatMap((no) => Array.from({ length: s.copies }, () => world.fake.transactionNotification(no))),
    );
    log(
      `wechat notifications: ${notifications.length} notifications (${s.copies} per order, shuffled), ${s.concurrency} at a time`,
    );
    const fired = await fire(`${base}${NOTIFY_PATH}`, notifications, s.concurrency);
    const [{ n: payments }] = await db.query("SELECT COUNT(*) AS n FROM payments WHERE channel = 'wechat'");
    const [{ n: ordersPaid }] = await db.query("SELECT COUNT(*) AS n FROM wechat_orders WHERE status = 'paid'");
    return { ...fired, payments: Number(payments), ordersPaid: Number(ordersPaid) };
  } finally {
    await db.destroy();
    api.stop();
    await world.fake.close();
  }
}

/** One compound, one household with `orders` unpaid monthly bills, and its verified resident. */
async function seed(db: DataSource, orders: number): Promise<{ phone: string; householdId: number; billIds: number[] }> {
  const save = <T extends object>(entity: new () => T, fields: Partial<T>) => db.getRepository(entity).save(fields as T);
  const { compound } = await seedCompound(db, 'commercial');
  const building = await save(Building, { compoundId: compound.id, name: '1号楼', gridId: null });
  const household = await save(Household, {
    compoundId: compound.id,
    buildingId: building.id,
    unit: '1',
    room: '101',
    areaHundredths: 8950,
    ownerName: '王芳',
    ownerPhone: '13700000001',
  });
  const phone = '13700000002';
  const user = await save(User, { name: '基准住户', phone });
  await save(Membership, {
    householdId: household.id,
    compoundId: compound.id,
    userId: user.id,
    relation: 'owner',
    status: 'verified',
    rejectReason: null,
    reviewedBy: null,
    reviewedAt: null,
  });
  const item = await save(FeeItem, {
    compoundId: compound.id,
    name: '物业费',
    rule: 'per_month',
    priceFen: 16_558,
    cycleMonths: 1,
    period: null,
    active: true,
  });
  const bills = Array.from({ length: orders }, (_, i) => ({
    compoundId: compound.id,
    buildingId: building.id,
    householdId: household.id,
    feeItemId: item.id,
    billingRunId: null,
    period: `${1900 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
    months: 1,
    itemName: '物业费',
    rule: 'per_month' as const,
    priceFen: 16_558,
    areaHundredths: null,
    amountFen: 16_558,
    paidFen: 0,
    status: 'unpaid' as const,
    statusReason: null,
    statusById: null,
    statusAt: null,
  }));
  const saved = await db.getRepository(Bill).save(bills, { chunk: 200 });
  return { phone, householdId: household.id, billIds: saved.map((b) => b.id) };
}

/** One native order per bill, through the API, as the resident would place them. */
async function placeOrders(base: string, token: string, householdId: number, billIds: number[]): Promise<string[]> {
  const out: string[] = [];
  for (const billId of billIds) {
    const res = await fetch(`${base}/api/v1/payments/wechat/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ householdId, billIds: [billId], tradeType: 'native' }),
    });
    const body = (await res.json()) as { outTradeNo?: string };
    if (res.status !== 201 || !body.outTradeNo)
      throw new Error(`placing an order answered ${res.status}: ${JSON.stringify(body)}`);
    out.push(body.outTradeNo);
  }
  return out;
}

/** Sends every notification, `concurrency` in flight at a time; latency per notification in ms. */
async function fire(
  url: string,
  notifications: FakeNotification[],
  concurrency: number,
): Promise<Omit<NotifyResult, 'payments' | 'ordersPaid'>> {
  const latencies: number[] = [];
  const refused: Record<string, number> = {};
  let next = 0;
  const sender = async () => {
    while (next < notifications.length) {
      const n = notifications[next++];
      const started = performance.now();
      let status: string;
      try {
        const res = await fetch(url, { method: 'POST', headers: { ...n.headers }, body: n.body });
        await res.arrayBuffer();
        status = String(res.status);
      } catch (error) {
        status = (error as Error).name;
      }
      latencies.push(performance.now() - started);
      if (status !== '204') refused[status] = (refused[status] ?? 0) + 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, sender));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return {
    notifications: notifications.length,
    seconds,
    perSecond: notifications.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
    max: latencies[latencies.length - 1],
    refused,
  };
}

/** Fisher–Yates: copies of one order's notification arrive anywhere in the stream, often side by side. */
function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
