import { readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { ConfigError, type AppConfig } from '../../common/config/app-config';

/** Everything needed to talk to WeChat Pay, read and checked once at boot. */
export interface WechatPayKeys {
  mchid: string;
  appid: string;
  apiBase: string;
  notifyUrl: string;
  apiV3Key: Buffer;
  merchantSerial: string;
  merchantKey: KeyObject;
  /** WeChat's keys by the id its `Wechatpay-Serial` header names: `PUB_KEY_ID_…` or a certificate serial. */
  platformKeys: ReadonlyMap<string, KeyObject>;
}

export const WECHATPAY_KEYS = Symbol('WECHATPAY_KEYS');

function readPem(setting: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${setting}: cannot read ${path} (${(error as Error).message})`);
  }
}

/**
 * WeChat's verification keys. Both kinds occur: the public key of 公钥模式 (its id `PUB_KEY_ID_…` is
 * WECHATPAY_PLATFORM_KEY_ID) and the older platform certificates (their serial is their id). A merchant
 * moving from one to the other receives both for a while, so several files may be listed.
 */
function platformKeys(config: AppConfig): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const path of config
    .WECHATPAY_PLATFORM_PUBLIC_KEY_FILE!.split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const pem = readPem('WECHATPAY_PLATFORM_PUBLIC_KEY_FILE', path);
    try {
      if (pem.includes('BEGIN CERTIFICATE')) {
        const cert = new X509Certificate(pem);
        keys.set(cert.serialNumber.toUpperCase(), cert.publicKey);
      } else {
        if (!config.WECHATPAY_PLATFORM_KEY_ID) {
          throw new ConfigError(
            'WECHATPAY_PLATFORM_KEY_ID: required with a public key file (PUB_KEY_ID_… from the merchant platform)',
          );
        }
        keys.set(config.WECHATPAY_PLATFORM_KEY_ID, createPublicKey(pem));
      }
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(`WECHATPAY_PLATFORM_PUBLIC_KEY_FILE: ${path} is neither a public key nor a certificate in PEM`);
    }
  }
  return keys;
}

/** null when WeChat Pay is not configured (paying by WeChat is then off; nothing else changes). */
export function loadWechatPayKeys(config: AppConfig): WechatPayKeys | null {
  if (!config.WECHATPAY_MCHID) return null;
  const merchantPem = readPem('WECHATPAY_MERCHANT_KEY_FILE', config.WECHATPAY_MERCHANT_KEY_FILE!);
  let merchantKey: KeyObject;
  try {
    merchantKey = createPrivateKey(merchantPem);
  } catch {
    throw new ConfigError('WECHATPAY_MERCHANT_KEY_FILE: not an RSA private key in PEM (apiclient_key.pem)');
  }
  return {
    mchid: config.WECHATPAY_MCHID,
    appid: config.WECHATPAY_APPID!,
    apiBase: config.WECHATPAY_API_BASE,
    notifyUrl: config.WECHATPAY_NOTIFY_URL!,
    apiV3Key: Buffer.from(config.WECHATPAY_APIV3_KEY!, 'utf8'),
    merchantSerial: config.WECHATPAY_MERCHANT_SERIAL!,
    merchantKey,
    platformKeys: platformKeys(config),
  };
}
