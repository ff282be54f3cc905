import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FakeWechatPay, generateRsaKeys } from './fake-wechatpay';

/**
 * The demo's WeChat Pay: `node dist/dev/fake-wechatpay.main.js --dir data/wechatpay-fake --port 3901
 * --deliver-to http://127.0.0.1:3000/api/v1/payments/wechat/notify`. Keys are made once and kept in
 * --dir; the settings the API needs to use it are printed as one line, `WECHATPAY_ENV {json}`.
 */
const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'data/wechatpay-fake' },
    port: { type: 'string', default: '3901' },
    host: { type: 'string', default: '127.0.0.1' },
    'deliver-to': { type: 'string' },
  },
});

const MCHID = '1900000109';
const APPID = 'wxdemo0000000000';
const KEY_ID = 'PUB_KEY_ID_0119000001090000000000000000DEMO';

function keyPair(dir: string, name: string) {
  const file = join(dir, `${name}_key.pem`);
  if (!existsSync(file)) {
    const made = generateRsaKeys();
    writeFileSync(file, made.privatePem, { mode: 0o600 });
    writeFileSync(join(dir, `${name}_pub.pem`), made.publicPem);
  }
  const privateKey = createPrivateKey(readFileSync(file));
  return { privateKey, publicKey: createPublicKey(privateKey), keyFile: file, publicFile: join(dir, `${name}_pub.pem`) };
}

async function main(): Promise<void> {
  const dir = resolve(values.dir!);
  mkdirSync(dir, { recursive: true });
  const merchant = keyPair(dir, 'merchant');
  const platform = keyPair(dir, 'platform');
  const apiV3Key = 'demo0apiv3key0for0local0fake0pay';
  const fake = new FakeWechatPay({
    mchid: MCHID,
    appid: APPID,
    apiV3Key,
    merchantPublicKey: merchant.publicKey,
    platformPrivateKey: platform.privateKey,
    platformKeyId: KEY_ID,
    retryDelaysMs: [15_000, 15_000, 30_000, 180_000],
    deliverTo: values['deliver-to'],
  });
  const base = await fake.listen(Number(values.port), values.host);
  const env = {
    WECHATPAY_MCHID: MCHID,
    WECHATPAY_APPID: APPID,
    WECHATPAY_API_BASE: base,
    WECHATPAY_APIV3_KEY: apiV3Key,
    WECHATPAY_MERCHANT_SERIAL: 'DE0000000000000000000000000000000000DE00',
    WECHATPAY_MERCHANT_KEY_FILE: merchant.keyFile,
    WECHATPAY_PLATFORM_PUBLIC_KEY_FILE: platform.publicFile,
    WECHATPAY_PLATFORM_KEY_ID: KEY_ID,
    WECHATPAY_NOTIFY_URL: values['deliver-to'] ?? 'http://127.0.0.1:3000/api/v1/payments/wechat/notify',
  };
  process.stdout.write(`WECHATPAY_ENV ${JSON.stringify(env)}\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void fake.close().then(() => process.exit(0)));
}

void main();
