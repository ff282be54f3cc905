import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createApp } from '../../api/src/app.factory';
import { User } from '../../api/src/users/user.entity';
import { startFakeWechat } from '../../api/test/support/fake-wechat';
import { PEOPLE, type WeappFixtures } from './fixtures';

/**
 * One product for the whole weapp suite, started here rather than in the test file: the pages run in
 * jsdom, where the API's Node libraries do not load. Workers inherit process.env, so the fixtures
 * travel as JSON in DOORSTEP_WEAPP_FIXTURES.
 *
 * The product is the real API on a fresh embedded database with the demo data, and a local stand-in
 * for WeChat's jscode2session, so the mini-program signs in the way it does on a phone.
 */
export default async function globalSetup(): Promise<void> {
  const wechat = await startFakeWechat();
  const { app } = await createApp({
    env: {
      NODE_ENV: 'test',
      JWT_SECRET: 'weapp-test-secret-long-enough-for-hs256',
      DEMO_LOGIN: 'true',
      SEED_DEMO: 'true',
      LOG_LEVEL: 'silent',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'doorstep-weapp-test-')),
      WECHAT_APPID: 'wx-weapp-test',
      WECHAT_SECRET: 'weapp-test-secret',
      WECHAT_API_BASE: wechat.baseUrl,
      SWEEP_INTERVAL_MS: '0',
      DISPATCH_INTERVAL_MS: '0',
    },
    database: { dataDir: '', sqlitePath: ':memory:' },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  await linkWechatAccounts(app.get(apiRequire('typeorm').DataSource));
  const fixtures = await reportTickets(origin);
  process.env.DOORSTEP_WEAPP_FIXTURES = JSON.stringify(fixtures);
  globalThis.__weappProduct = {
    close: async () => {
      await app.close();
      await wechat.close();
    },
  };
}

/** typeorm is the API's dependency, not the mini-program's: load it from there. */
const apiRequire = createRequire(resolve(__dirname, '../../api/package.json'));

interface Users {
  update(where: { phone: string }, patch: { openid: string }): Promise<{ affected?: number }>;
}

/**
 * The demo people have used the mini-program before: their accounts carry the openid the fake WeChat
 * hands out for the code `ok-<phone>` (see fake-wechat.ts), so a device whose wx.login answers that
 * code signs in as them, through POST /auth/wechat like a real phone.
 */
async function linkWechatAccounts(db: { getRepository(entity: typeof User): Users }): Promise<void> {
  const users = db.getRepository(User);
  for (const { phone, name } of PEOPLE) {
    const { affected } = await users.update({ phone }, { openid: `openid-${phone}` });
    if (affected !== 1) throw new Error(`weapp fixtures: the demo data has no ${name} (${phone})`);
  }
}

interface Json {
  [key: string]: unknown;
}

async function call<T = Json>(origin: string, path: string, token?: string, body?: object): Promise<T> {
  const res = await fetch(`${origin}/api/v1${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`weapp fixtures: ${path} answered ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * 周阿姨 reports a leak at home and complains about the property company, so every list and ticket
 * page, the manager's and the community's included, has something real to show.
 */
async function reportTickets(origin: string): Promise<WeappFixtures> {
  const resident = PEOPLE.find((p) => p.device === 'resident')!;
  const manager = PEOPLE.find((p) => p.device === 'manager')!;
  const signIn = async (phone: string) =>
    (await call<{ accessToken: string }>(origin, '/auth/demo', undefined, { phone })).accessToken;
  const token = await signIn(resident.phone);
  const [home] = await call<Array<{ householdId: number; compoundId: number; compoundName: string }>>(
    origin,
    '/me/memberships',
    token,
  );
  const categories = await call<Array<{ id: number; kind: string; name: string }>>(
    origin,
    `/compounds/${home.compoundId}/categories`,
    token,
  );
  const report = async (kind: string, description: string, extra: object = {}, about = '') => {
    const ofKind = categories.filter((c) => c.kind === kind);
    const category = ofKind.find((c) => c.name.includes(about)) ?? ofKind[0];
    if (!category) throw new Error(`weapp fixtures: no ${kind} category in the demo compound`);
    const { id } = await call<{ id: number }>(origin, '/tickets', token, {
      compoundId: home.compoundId,
      categoryId: category.id,
      description,
      ...extra,
    });
    return { id, description, categoryName: category.name };
  };
  const repair = await report('repair', '厨房水管接头漏水，地上一直有积水', { householdId: home.householdId });
  const complaint = await report('complaint', '物业电话一直没人接，报修三天没人上门', { complaintTarget: 'company' }, '物业');
  // The stairwell code of a building, as the report page receives it from a scan.
  const codes = await call<{ items: Array<{ token: string; buildingName: string | null; revokedAt: string | null }> }>(
    origin,
    `/qr-codes?compoundId=${home.compoundId}&limit=100`,
    await signIn(manager.phone),
  );
  const code = codes.items.find((c) => c.buildingName && !c.revokedAt);
  if (!code) throw new Error('weapp fixtures: the demo compound has no building QR code');
  const grid = PEOPLE.find((p) => p.device === 'grid')!;
  const households = await call<{
    items: Array<{ id: number; compoundId: number; buildingName: string; unit: string; room: string }>;
  }>(origin, '/grid/households?limit=1', await signIn(grid.phone));
  const gridHome = households.items[0];
  if (!gridHome) throw new Error('weapp fixtures: the demo grid worker has no households');
  const street = await signIn(PEOPLE.find((p) => p.device === 'street')!.phone);
  const [streetRow] = (await call<{ items: Array<{ id: number }> }>(origin, '/streets', street)).items;
  const shanghai = new Date(Date.now() + 8 * 3600_000);
  const lastMonth = new Date(Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), 0)).toISOString().slice(0, 7);
  const list = await call<{ id: number }>(origin, `/streets/${streetRow.id}/score-lists`, street, { month: lastMonth });
  return {
    apiOrigin: origin,
    scoreListId: list.id,
    gridHousehold: {
      id: gridHome.id,
      compoundId: gridHome.compoundId,
      buildingName: gridHome.buildingName,
      unit: gridHome.unit,
      room: gridHome.room,
    },
    compound: { id: home.compoundId, name: home.compoundName },
    repair,
    complaint,
    qr: { token: code.token, buildingName: code.buildingName! },
  };
}
