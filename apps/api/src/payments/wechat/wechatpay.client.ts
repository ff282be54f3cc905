import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../common/config/app-config';
import { DomainError } from '../../common/errors/domain-error';
import { authorization, nonce, rsaSign, rsaVerify, signatureMessage } from './wechatpay-crypto';
import { WECHATPAY_KEYS, type WechatPayKeys } from './wechatpay-keys';

/** A transaction as WeChat describes it (query answer and decrypted TRANSACTION.SUCCESS resource). */
export interface WechatTransaction {
  mchid: string;
  appid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_type?: string;
  trade_state: 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';
  success_time?: string;
  payer?: { openid?: string };
  amount?: { total: number; payer_total?: number; currency?: string };
}

/** A refund as WeChat describes it (create/query answers and decrypted REFUND.* resources). */
export interface WechatRefund {
  mchid?: string;
  out_trade_no?: string;
  transaction_id?: string;
  out_refund_no: string;
  refund_id?: string;
  /** Create/query answers say `status`, notifications `refund_status`. */
  status?: RefundState;
  refund_status?: RefundState;
  success_time?: string;
  amount?: { total: number; refund: number };
}

export type RefundState = 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';

export interface JsapiPayParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

export class WechatPayError extends Error {
  constructor(
    readonly status: number | null,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface NewOrder {
  tradeType: 'jsapi' | 'native';
  outTradeNo: string;
  description: string;
  amountFen: number;
  expiresAt: Date;
  openid: string | null;
}

const tooLarge = (maxBytes: number) => new WechatPayError(null, 'BILL_TOO_LARGE', `bill larger than ${maxBytes} bytes`);

/** RFC 3339 with the +08:00 offset WeChat writes times in. */
export function shanghaiRfc3339(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

/**
 * The WeChat Pay v3 merchant API: orders, queries, closing, refunds, trade bills. Every request is
 * signed with the merchant key and every answer's signature is checked against WeChat's key before it
 * is believed. The base URL is a setting, so tests and the demo talk to a local fake of the protocol.
 */
@Injectable()
export class WechatPayClient {
  constructor(
    @Inject(WECHATPAY_KEYS) private readonly keys: WechatPayKeys | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.keys !== null;
  }

  requireEnabled(): void {
    if (!this.keys) throw new DomainError('WECHATPAY_DISABLED', 503);
  }

  /** The keys, or 503 WECHATPAY_DISABLED: paying by WeChat is not configured here. */
  get settings(): WechatPayKeys {
    if (!this.keys) throw new DomainError('WECHATPAY_DISABLED', 503);
    return this.keys;
  }

  async createOrder(order: NewOrder): Promise<{ prepayId: string | null; codeUrl: string | null }> {
    const { appid, mchid, notifyUrl } = this.settings;
    const body = {
      appid,
      mchid,
      description: order.description,
      out_trade_no: order.outTradeNo,
      time_expire: shanghaiRfc3339(order.expiresAt),
      notify_url: notifyUrl,
      amount: { total: order.amountFen, currency: 'CNY' },
      ...(order.tradeType === 'jsapi' ? { payer: { openid: order.openid } } : {}),
    };
    const answer = await this.call<{ prepay_id?: string; code_url?: string }>(
      'POST',
      `/v3/pay/transactions/${order.tradeType}`,
      body,
    );
    return { prepayId: answer.prepay_id ?? null, codeUrl: answer.code_url ?? null };
  }

  /** The order's state at WeChat; null when WeChat has never heard of it (ORDER_NOT_EXIST). */
  async queryOrder(outTradeNo: string): Promise<WechatTransaction | null> {
    try {
      return await this.call<WechatTransaction>(
        'GET',
        `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}?mchid=${this.settings.mchid}`,
      );
    } catch (error) {
      if (error instanceof WechatPayError && error.code === 'ORDER_NOT_EXIST') return null;
      throw error;
    }
  }

  async closeOrder(outTradeNo: string): Promise<void> {
    await this.call('POST', `/v3/pay/transactions/out-trade-no/${encodeURIComponent(outTradeNo)}/close`, {
      mchid: this.settings.mchid,
    });
  }

  async refund(refund: {
    outTradeNo: string;
    outRefundNo: string;
    reason: string;
    refundFen: number;
    totalFen: number;
  }): Promise<WechatRefund> {
    return this.call<WechatRefund>('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: refund.outTradeNo,
      out_refund_no: refund.outRefundNo,
      reason: refund.reason,
      notify_url: this.settings.notifyUrl,
      amount: { refund: refund.refundFen, total: refund.totalFen, currency: 'CNY' },
    });
  }

  async queryRefund(outRefundNo: string): Promise<WechatRefund | null> {
    try {
      return await this.call<WechatRefund>('GET', `/v3/refund/domestic/refunds/${encodeURIComponent(outRefundNo)}`);
    } catch (error) {
      if (error instanceof WechatPayError && error.code === 'RESOURCE_NOT_EXISTS') return null;
      throw error;
    }
  }

  /** 交易账单 of one Shanghai day: the download address and the SHA1 WeChat states for the file. */
  async tradeBill(billDate: string): Promise<{ downloadUrl: string; sha1: string } | null> {
    try {
      const answer = await this.call<{ download_url: string; hash_type: string; hash_value: string }>(
        'GET',
        `/v3/bill/tradebill?bill_date=${billDate}&bill_type=ALL`,
      );
      return { downloadUrl: answer.download_url, sha1: answer.hash_value.toLowerCase() };
    } catch (error) {
      if (error instanceof WechatPayError && error.code === 'NO_STATEMENT_EXIST') return null;
      throw error;
    }
  }

  /**
   * The bill file itself: signed request, unsigned answer (its SHA1 is checked by the caller). Only from
   * WeChat's own API host, and never more than `maxBytes` read: the size is checked as it streams in,
   * not after a whole file of any size sits in memory.
   */
  async download(url: string, maxBytes: number): Promise<Buffer> {
    const target = new URL(url);
    if (target.origin !== new URL(this.settings.apiBase).origin) {
      throw new WechatPayError(null, 'DOWNLOAD_FOREIGN_HOST', `bill download from ${target.origin} refused`);
    }
    const res = await this.fetch(target, 'GET', '');
    if (!res.ok) throw new WechatPayError(res.status, 'DOWNLOAD_FAILED', `bill download answered ${res.status}`);
    if (Number(res.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge(maxBytes);
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const part of (res.body ?? []) as AsyncIterable<Uint8Array>) {
      size += part.byteLength;
      if (size > maxBytes) throw tooLarge(maxBytes);
      parts.push(part);
    }
    return Buffer.concat(parts);
  }

  /** wx.requestPayment's parameters, signed with the merchant key: appId, timeStamp, nonceStr, package. */
  payParams(prepayId: string, at: Date): JsapiPayParams {
    const { appid, merchantKey } = this.settings;
    const timeStamp = String(Math.floor(at.getTime() / 1000));
    const nonceStr = nonce();
    const pkg = `prepay_id=${prepayId}`;
    return {
      appId: appid,
      timeStamp,
      nonceStr,
      package: pkg,
      signType: 'RSA',
      paySign: rsaSign(signatureMessage(appid, timeStamp, nonceStr, pkg), merchantKey),
    };
  }

  /** Checks a message WeChat signed (an answer or a notification) against the key its serial names. */
  verify(headers: { timestamp: string; nonce: string; signature: string; serial: string }, body: string): boolean {
    const key = this.settings.platformKeys.get(headers.serial);
    return !!key && rsaVerify(signatureMessage(headers.timestamp, headers.nonce, body), headers.signature, key);
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const url = new URL(path, this.settings.apiBase);
    const text = body === undefined ? '' : JSON.stringify(body);
    const res = await this.fetch(url, method, text);
    const answer = await res.text();
    const signed = {
      timestamp: res.headers.get('wechatpay-timestamp') ?? '',
      nonce: res.headers.get('wechatpay-nonce') ?? '',
      signature: res.headers.get('wechatpay-signature') ?? '',
      serial: res.headers.get('wechatpay-serial') ?? '',
    };
    if (!this.verify(signed, answer)) {
      throw new WechatPayError(res.status, 'ANSWER_NOT_VERIFIED', `${method} ${url.pathname}: answer signature does not verify`);
    }
    const parsed = (answer ? JSON.parse(answer) : {}) as T & { code?: string; message?: string };
    if (!res.ok) throw new WechatPayError(res.status, parsed.code ?? 'HTTP_ERROR', parsed.message ?? `HTTP ${res.status}`);
    return parsed;
  }

  private async fetch(url: URL, method: string, body: string): Promise<Response> {
    const signer = { mchid: this.settings.mchid, serial: this.settings.merchantSerial, privateKey: this.settings.merchantKey };
    try {
      return await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          'user-agent': 'doorstep',
          authorization: authorization(signer, method, url.pathname + url.search, body),
          'wechatpay-serial': [...this.settings.platformKeys.keys()][0] ?? '',
        },
        body: method === 'GET' ? undefined : body,
        signal: AbortSignal.timeout(this.config.WECHAT_TIMEOUT_MS),
      });
    } catch (error) {
      throw new WechatPayError(null, 'NETWORK', `${method} ${url.pathname}: ${(error as Error).message}`);
    }
  }
}
