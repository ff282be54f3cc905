import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, validateConfig } from '../../common/config/app-config';
import { generateRsaKeys } from '../../dev/fake-wechatpay';
import { rsaSign, signatureMessage } from './wechatpay-crypto';
import { loadWechatPayKeys } from './wechatpay-keys';
import { WechatPayClient } from './wechatpay.client';

const FIXTURES = join(__dirname, '../../../test/fixtures/wechatpay');
const CERT_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';

describe('WeChat Pay settings, checked at boot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wechatpay-keys-'));
  const merchant = generateRsaKeys();
  const platform = generateRsaKeys();
  writeFileSync(join(dir, 'apiclient_key.pem'), merchant.privatePem);
  writeFileSync(join(dir, 'pub_key.pem'), platform.publicPem);
  writeFileSync(join(dir, 'not-a-key.pem'), 'hello');
  const all = {
    WECHATPAY_MCHID: '1900000109',
    WECHATPAY_APPID: 'wxd678efh567hg6787',
    WECHATPAY_APIV3_KEY: 'a7cde1f5b2d94c0f8e3b6a9d1c4e7f20',
    WECHATPAY_MERCHANT_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    WECHATPAY_MERCHANT_KEY_FILE: join(dir, 'apiclient_key.pem'),
    WECHATPAY_PLATFORM_PUBLIC_KEY_FILE: join(dir, 'pub_key.pem'),
    WECHATPAY_PLATFORM_KEY_ID: 'PUB_KEY_ID_0114232134912410000000000000',
    WECHATPAY_NOTIFY_URL: 'https://doorstep.example.cn/api/v1/payments/wechat/notify',
  };

  it('is off without settings, and nothing else is required', () => {
    expect(loadWechatPayKeys(validateConfig({}))).toBeNull();
  });

  it('wants all of them or none, naming what is missing', () => {
    expect(() => validateConfig({ WECHATPAY_MCHID: '1900000109' })).toThrow(
      /WECHATPAY_APPID, WECHATPAY_APIV3_KEY.*required when WeChat Pay is configured/,
    );
    expect(() => validateConfig({ ...all, WECHATPAY_APIV3_KEY: 'short' })).toThrow(/WECHATPAY_APIV3_KEY must be exactly 32/);
    expect(() => validateConfig({ ...all, WECHATPAY_PLATFORM_KEY_ID: 'abc' })).toThrow(/PUB_KEY_ID_/);
  });

  it('reads the keys and names the file that cannot be used', () => {
    const keys = loadWechatPayKeys(validateConfig(all))!;
    expect([...keys.platformKeys.keys()]).toEqual([all.WECHATPAY_PLATFORM_KEY_ID]);
    expect(keys.apiV3Key).toHaveLength(32);
    const load = (changes: Record<string, string>) => () => loadWechatPayKeys(validateConfig({ ...all, ...changes }));
    expect(load({ WECHATPAY_MERCHANT_KEY_FILE: join(dir, 'missing.pem') })).toThrow(/WECHATPAY_MERCHANT_KEY_FILE: cannot read/);
    expect(load({ WECHATPAY_MERCHANT_KEY_FILE: join(dir, 'not-a-key.pem') })).toThrow(ConfigError);
    expect(load({ WECHATPAY_PLATFORM_PUBLIC_KEY_FILE: join(dir, 'not-a-key.pem') })).toThrow(
      /neither a public key nor a certificate/,
    );
    const withoutId = { ...all } as Record<string, string>;
    delete withoutId.WECHATPAY_PLATFORM_KEY_ID;
    expect(() => loadWechatPayKeys(validateConfig(withoutId))).toThrow(/WECHATPAY_PLATFORM_KEY_ID: required/);
  });

  it('verifies by platform certificate (its serial) and by public key side by side, as during a switch-over', () => {
    const files = `${join(FIXTURES, 'platform-cert.pem')}, ${join(dir, 'pub_key.pem')}`;
    const config = validateConfig({ ...all, WECHATPAY_PLATFORM_PUBLIC_KEY_FILE: files });
    const keys = loadWechatPayKeys(config)!;
    expect([...keys.platformKeys.keys()].sort()).toEqual([CERT_SERIAL, all.WECHATPAY_PLATFORM_KEY_ID].sort());
    const client = new WechatPayClient(keys, config);
    const body = '{"event_type":"TRANSACTION.SUCCESS"}';
    const certKey = createPrivateKey(readFileSync(join(FIXTURES, 'platform-cert-key.pem')));
    const signed = (key: typeof certKey, serial: string) => ({
      timestamp: '1764201600',
      nonce: 'N1',
      serial,
      signature: rsaSign(signatureMessage('1764201600', 'N1', body), key),
    });
    expect(client.verify(signed(certKey, CERT_SERIAL), body)).toBe(true);
    expect(client.verify(signed(platform.privateKey, all.WECHATPAY_PLATFORM_KEY_ID), body)).toBe(true);
    // A signature by one key under the other's id is refused.
    expect(client.verify(signed(certKey, all.WECHATPAY_PLATFORM_KEY_ID), body)).toBe(false);
    expect(client.verify(signed(certKey, 'UNKNOWN'), body)).toBe(false);
  });
});
