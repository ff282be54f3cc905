import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from './test-app';
import { generateRsaKeys, startFakeWechatPay, type FakeWechatPay } from '../../src/dev/fake-wechatpay';

export const MCHID = '1900000109';
export const APPID = 'wxd678efh567hg6787';
export const APIV3_KEY = 'a7cde1f5b2d94c0f8e3b6a9d1c4e7f20';
export const PLATFORM_KEY_ID = 'PUB_KEY_ID_0119000001092026112700000001';
export const NOTIFY_PATH = '/api/v1/payments/wechat/notify';

export interface WechatPayWorld {
  fake: FakeWechatPay;
  /** Settings for startTestApp. */
  env: Record<string, string>;
  /** Tells the fake where the API under test listens. */
  deliverTo: (apiBase: string) => void;
  /** A key WeChat never had, to sign forged notifications with. */
  strangerKey: ReturnType<typeof generateRsaKeys>;
  close: () => Promise<void>;
}

/** Merchant and platform keys in a temporary directory, and the fake WeChat Pay they belong to. */
export async function startWechatPay(
  options: { refundOutcome?: 'SUCCESS' | 'ABNORMAL' | 'CLOSED'; notifyRefunds?: boolean } = {},
): Promise<WechatPayWorld> {
  const { fake, env } = await startFakeWechatPay(
    {
      mchid: MCHID,
      appid: APPID,
      apiV3Key: APIV3_KEY,
      platformKeyId: PLATFORM_KEY_ID,
      notifyUrl: `https://doorstep.example.cn${NOTIFY_PATH}`,
    },
    options,
  );
  return {
    fake,
    env: { ...env, WECHATPAY_JOB_INTERVAL_MS: '0', WECHATPAY_RECONCILE_INTERVAL_MS: '0' },
    deliverTo: (apiBase) => {
      (fake.options as { deliverTo?: string }).deliverTo = `${apiBase}${NOTIFY_PATH}`;
    },
    strangerKey: generateRsaKeys(),
    close: () => fake.close(),
  };
}

/** Waits until `check` holds: notifications and refunds travel on their own. */
export async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never happened: ${what}`);
}

/**
 * The API under test, talking to a fake WeChat Pay that delivers its notifications back to it. Long-lived
 * tokens: these suites run for minutes.
 */
export async function startAppWithWechatPay(
  options: Parameters<typeof startWechatPay>[0] = {},
): Promise<{ w: WechatPayWorld; t: TestApp }> {
  const w = await startWechatPay(options);
  const t = await startTestApp({ ...w.env, ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400) });
  w.deliverTo(`http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`);
  return { w, t };
}
