import { createCipheriv, createDecipheriv, createSign, createVerify, randomBytes, type KeyObject } from 'node:crypto';

/**
 * WeChat Pay API v3 signatures and resource encryption, per the published specification
 * (pay.weixin.qq.com/doc/v3/merchant/4012365334 and …/4012071382), with node's own crypto: every
 * message is lines joined by "\n" with a trailing "\n", signed SHA256-RSA (PKCS#1 v1.5) and sent in
 * base64; notification resources are AEAD_AES_256_GCM with the 32-byte APIv3 key, the 16-byte tag
 * appended to the ciphertext. `wechatpay-axios-plugin` checks these functions in the tests.
 */
export const SCHEMA = 'WECHATPAY2-SHA256-RSA2048';

/** Probe notifications WeChat sends to see whether a merchant verifies at all; never accept one. */
export const SIGNTEST_PREFIX = 'WECHATPAY/SIGNTEST/';

export const signatureMessage = (...lines: string[]): string => lines.map((line) => `${line}\n`).join('');

export function rsaSign(message: string, privateKey: KeyObject): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKey, 'base64');
}

export function rsaVerify(message: string | Buffer, signature: string, publicKey: KeyObject): boolean {
  try {
    return createVerify('RSA-SHA256').update(message).verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

export const nonce = (): string => randomBytes(16).toString('hex').toUpperCase();

export interface RequestSigner {
  mchid: string;
  serial: string;
  privateKey: KeyObject;
}

/** The Authorization header of a request to WeChat Pay: method, path with query, time, nonce, body. */
export function authorization(
  signer: RequestSigner,
  method: string,
  pathWithQuery: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
  nonceStr = nonce(),
): string {
  const signature = rsaSign(signatureMessage(method, pathWithQuery, String(timestamp), nonceStr, body), signer.privateKey);
  return `${SCHEMA} mchid="${signer.mchid}",nonce_str="${nonceStr}",signature="${signature}",timestamp="${timestamp}",serial_no="${signer.serial}"`;
}

/** The parts of an Authorization header (what the fake server checks our requests by). */
export function parseAuthorization(header: string | undefined): Record<string, string> | null {
  if (!header?.startsWith(`${SCHEMA} `)) return null;
  const parts: Record<string, string> = {};
  for (const match of header.slice(SCHEMA.length + 1).matchAll(/(\w+)="([^"]*)"/g)) parts[match[1]] = match[2];
  return parts;
}

export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  associated_data?: string;
  nonce: string;
  original_type?: string;
}

export function decryptResource(resource: EncryptedResource, apiV3Key: Buffer): string {
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length < 17) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', apiV3Key, Buffer.from(resource.nonce, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
  return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]).toString('utf8');
}

export function encryptResource(
  plaintext: string,
  apiV3Key: Buffer,
  associatedData: string,
  originalType: string,
): EncryptedResource {
  const nonceStr = randomBytes(6).toString('hex');
  const cipher = createCipheriv('aes-256-gcm', apiV3Key, Buffer.from(nonceStr, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: data.toString('base64'),
    associated_data: associatedData,
    nonce: nonceStr,
    original_type: originalType,
  };
}

/** The four headers WeChat signs its answers and notifications with. */
export interface SignedHeaders {
  'wechatpay-timestamp': string;
  'wechatpay-nonce': string;
  'wechatpay-signature': string;
  'wechatpay-serial': string;
}

export function signedHeaders(
  body: string,
  serial: string,
  privateKey: KeyObject,
  timestamp = Math.floor(Date.now() / 1000),
): SignedHeaders {
  const nonceStr = nonce();
  return {
    'wechatpay-timestamp': String(timestamp),
    'wechatpay-nonce': nonceStr,
    'wechatpay-signature': rsaSign(signatureMessage(String(timestamp), nonceStr, body), privateKey),
    'wechatpay-serial': serial,
  };
}
