import { Aes, Formatter, Rsa } from 'wechatpay-axios-plugin';
import { generateRsaKeys } from '../../dev/fake-wechatpay';
import {
  authorization,
  decryptResource,
  encryptResource,
  parseAuthorization,
  rsaSign,
  rsaVerify,
  signatureMessage,
} from './wechatpay-crypto';

/**
 * Our v3 signing and AES-GCM against an independent implementation, wechatpay-axios-plugin (maintained,
 * used by many merchants): what one signs or encrypts the other must accept, byte for byte.
 */
describe('WeChat Pay v3 crypto, checked against wechatpay-axios-plugin', () => {
  const merchant = generateRsaKeys();
  const apiV3Key = 'a7cde1f5b2d94c0f8e3b6a9d1c4e7f20';

  it('builds the same request message and Authorization header', () => {
    const body = JSON.stringify({ mchid: '1900000109', amount: { total: 1, currency: 'CNY' }, description: '物业费' });
    const [ts, nonce] = ['1764201600', 'NONCE0123456789ABCDEF'];
    expect(signatureMessage('POST', '/v3/pay/transactions/jsapi', ts, nonce, body)).toBe(
      Formatter.request('POST', '/v3/pay/transactions/jsapi', ts, nonce, body),
    );
    const header = authorization(
      { mchid: '1900000109', serial: 'ABC123', privateKey: merchant.privateKey },
      'POST',
      '/v3/pay/transactions/jsapi',
      body,
      Number(ts),
      nonce,
    );
    const signature = Rsa.sign(Formatter.request('POST', '/v3/pay/transactions/jsapi', ts, nonce, body), merchant.privateKey);
    // The same fields and signature; the order of the fields is free.
    expect(parseAuthorization(header)).toEqual(
      parseAuthorization(Formatter.authorization('1900000109', nonce, signature, ts, 'ABC123')),
    );
    expect(parseAuthorization(header)).toMatchObject({ mchid: '1900000109', serial_no: 'ABC123', signature });
  });

  it('signs what the plugin verifies, and verifies what the plugin signs (response and paySign messages)', () => {
    const message = Formatter.response('1764201600', 'NONCE', '{"prepay_id":"wx2017"}');
    expect(message).toBe(signatureMessage('1764201600', 'NONCE', '{"prepay_id":"wx2017"}'));
    expect(Rsa.verify(message, rsaSign(message, merchant.privateKey), merchant.publicKey)).toBe(true);
    expect(rsaVerify(message, Rsa.sign(message, merchant.privateKey), merchant.publicKey)).toBe(true);
    expect(rsaVerify(`${message}x`, Rsa.sign(message, merchant.privateKey), merchant.publicKey)).toBe(false);
    expect(Formatter.joinedByLineFeed('wxappid', '1764201600', 'N', 'prepay_id=wx1')).toBe(
      signatureMessage('wxappid', '1764201600', 'N', 'prepay_id=wx1'),
    );
  });

  it('decrypts resources the plugin encrypts, and the plugin decrypts ours', () => {
    const plaintext = JSON.stringify({ out_trade_no: 'DS0001', amount: { total: 12_345 }, note: '中文' });
    const ciphertext = Aes.AesGcm.encrypt(plaintext, apiV3Key, 'abcdef012345', 'transaction');
    expect(
      decryptResource(
        { algorithm: 'AEAD_AES_256_GCM', ciphertext, nonce: 'abcdef012345', associated_data: 'transaction' },
        Buffer.from(apiV3Key),
      ),
    ).toBe(plaintext);
    const ours = encryptResource(plaintext, Buffer.from(apiV3Key), 'refund', 'refund');
    expect(Aes.AesGcm.decrypt(ours.ciphertext, apiV3Key, ours.nonce, 'refund')).toBe(plaintext);
    expect(() => decryptResource({ ...ours, associated_data: 'transaction' }, Buffer.from(apiV3Key))).toThrow();
  });
});
