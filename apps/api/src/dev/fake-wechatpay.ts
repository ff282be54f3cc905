import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  encryptResource,
  parseAuthorization,
  rsaVerify,
  signatureMessage,
  signedHeaders,
  type SignedHeaders,
} from '../payments/wechat/wechatpay-crypto';

/**
 * A local stand-in for WeChat Pay's v3 merchant API, speaking its protocol: it checks the merchant's
 * request signatures, signs its answers and notifications with its own "platform" key (public-key mode,
 * `PUB_KEY_ID_…`), encrypts notification resources with the APIv3 key, keeps orders and refunds, and
 * serves trade bills. Tests drive it directly; the demo start runs it so paying can be tried in the H5
 * app (its code_url is a small 收银台 page with a 确认支付 button).
 */
export interface FakeWechatPayOptions {
  mchid: string;
  appid: string;
  apiV3Key: string;
  merchantPublicKey: KeyObject;
  platformPrivateKey: KeyObject;
  platformKeyId: string;
  /** Delays between notification attempts after a failed one (WeChat: 15 s, 15 s, 30 s, 3 min …). */
  retryDelaysMs?: number[];
  /** How a refund ends, for the notification the fake sends (tests change it). */
  refundOutcome?: 'SUCCESS' | 'ABNORMAL' | 'CLOSED';
  /** Whether refunds are notified by themselves, a moment after they are made. */
  notifyRefunds?: boolean;
  /**
   * Where notifications really go, whatever notify_url says: the configured URL is the public https one,
   * the API under test listens on a local port.
   */
  deliverTo?: string;
}

export interface FakeOrder {
  appid: string;
  mchid: string;
  description: string;
  out_trade_no: string;
  time_expire: string;
  notify_url: string;
  trade_type: 'JSAPI' | 'NATIVE';
  amount: { total: number; currency: string };
  openid: string | null;
  trade_state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
  transaction_id: string | null;
  success_time: string | null;
  prepay_id: string;
}

export interface FakeRefund {
  out_refund_no: string;
  refund_id: string;
  out_trade_no: string;
  transaction_id: string;
  amount: { refund: number; total: number };
  status: 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED';
  notify_url: string | null;
  created_at: Date;
}

export interface FakeNotification {
  url: string;
  headers: SignedHeaders & { 'content-type': string; 'wechatpay-signature-type': string };
  body: string;
}

const shanghai = (at: Date) => `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

export function generateRsaKeys(): { privateKey: KeyObject; publicKey: KeyObject; privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey,
    publicKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/**
 * The fake, listening, with fresh merchant and platform keys (written to a temporary directory) and the
 * WECHATPAY_* settings that make an API talk to it and trust it.
 */
export async function startFakeWechatPay(
  account: { mchid: string; appid: string; apiV3Key: string; platformKeyId: string; notifyUrl: string },
  options: Pick<FakeWechatPayOptions, 'refundOutcome' | 'notifyRefunds'> = {},
): Promise<{ fake: FakeWechatPay; env: Record<string, string> }> {
  const merchant = generateRsaKeys();
  const platform = generateRsaKeys();
  const dir = mkdtempSync(join(tmpdir(), 'wechatpay-'));
  writeFileSync(join(dir, 'apiclient_key.pem'), merchant.privatePem);
  writeFileSync(join(dir, 'pub_key.pem'), platform.publicPem);
  const fake = new FakeWechatPay({
    mchid: account.mchid,
    appid: account.appid,
    apiV3Key: account.apiV3Key,
    merchantPublicKey: merchant.publicKey,
    platformPrivateKey: platform.privateKey,
    platformKeyId: account.platformKeyId,
    ...options,
  });
  const base = await fake.listen();
  return {
    fake,
    env: {
      WECHATPAY_MCHID: account.mchid,
      WECHATPAY_APPID: account.appid,
      WECHATPAY_API_BASE: base,
      WECHATPAY_APIV3_KEY: account.apiV3Key,
      WECHATPAY_MERCHANT_SERIAL: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
      WECHATPAY_MERCHANT_KEY_FILE: join(dir, 'apiclient_key.pem'),
      WECHATPAY_PLATFORM_PUBLIC_KEY_FILE: join(dir, 'pub_key.pem'),
      WECHATPAY_PLATFORM_KEY_ID: account.platformKeyId,
      WECHATPAY_NOTIFY_URL: account.notifyUrl,
    },
  };
}

export class FakeWechatPay {
  readonly orders = new Map<string, FakeOrder>();
  readonly refunds = new Map<string, FakeRefund>();
  /** Every request's method and path, in order, for tests to inspect. */
  readonly requests: string[] = [];
  /** Every notification the fake tried to deliver and the status it got. */
  readonly deliveries: Array<{ event: string; status: number | null }> = [];
  /**
   * Changes the bill file as served for download, after its SHA1 was stated: what a corrupted or
   * tampered download looks like (tests set it).
   */
  tamperBill: ((csv: string) => string) | null = null;
  private server: Server | null = null;
  private base = '';
  private readonly apiV3Key: Buffer;

  constructor(readonly options: FakeWechatPayOptions) {
    this.apiV3Key = Buffer.from(options.apiV3Key, 'utf8');
  }

  get url(): string {
    return this.base;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error) => this.send(res, 500, { code: 'SYSTEM_ERROR', message: String(error) }));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    this.base = `http://${host}:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The payer pays: the order is SUCCESS, and (unless told otherwise) WeChat notifies. */
  async pay(outTradeNo: string, opts: { notify?: boolean; at?: Date } = {}): Promise<FakeOrder> {
    const order = this.orders.get(outTradeNo);
    if (!order) throw new Error(`no order ${outTradeNo}`);
    if (order.trade_state === 'NOTPAY') {
      Object.assign(order, {
        trade_state: 'SUCCESS',
        transaction_id: `4200${digits(24)}`,
        success_time: shanghai(opts.at ?? new Date()),
      });
    }
    if (opts.notify !== false) await this.deliver(this.transactionNotification(outTradeNo));
    return order;
  }

  /** The decrypted TRANSACTION.SUCCESS resource of a paid order, as WeChat describes it. */
  transaction(outTradeNo: string): Record<string, unknown> {
    const o = this.orders.get(outTradeNo)!;
    return {
      mchid: o.mchid,
      appid: o.appid,
      out_trade_no: o.out_trade_no,
      transaction_id: o.transaction_id,
      trade_type: o.trade_type,
      trade_state: o.trade_state,
      trade_state_desc: o.trade_state === 'SUCCESS' ? '支付成功' : '',
      bank_type: 'OTHERS',
      attach: '',
      success_time: o.success_time,
      payer: { openid: o.openid ?? 'fake-openid' },
      amount: { total: o.amount.total, payer_total: o.amount.total, currency: 'CNY', payer_currency: 'CNY' },
    };
  }

  transactionNotification(outTradeNo: string, opts: NotificationOptions = {}): FakeNotification {
    const o = this.orders.get(outTradeNo)!;
    return this.notification(
      'TRANSACTION.SUCCESS',
      'transaction',
      { ...this.transaction(outTradeNo), ...opts.resource },
      o.notify_url,
      opts,
    );
  }

  refundNotification(outRefundNo: string, opts: NotificationOptions = {}): FakeNotification {
    const r = this.refunds.get(outRefundNo)!;
    const resource = {
      mchid: this.options.mchid,
      out_trade_no: r.out_trade_no,
      transaction_id: r.transaction_id,
      out_refund_no: r.out_refund_no,
      refund_id: r.refund_id,
      refund_status: r.status,
      success_time: r.status === 'SUCCESS' ? shanghai(new Date()) : undefined,
      user_received_account: '支付用户零钱',
      amount: { total: r.amount.total, refund: r.amount.refund, payer_total: r.amount.total, payer_refund: r.amount.refund },
      ...opts.resource,
    };
    return this.notification(`REFUND.${r.status}`, 'refund', resource, r.notify_url ?? '', opts);
  }

  /**
   * A signed notification as WeChat sends it. Options make the broken ones tests need: another key, an
   * old timestamp, another serial, a SIGNTEST probe signature, a body changed after signing.
   */
  notification(
    event: string,
    originalType: string,
    resource: object,
    url: string,
    opts: NotificationOptions = {},
  ): FakeNotification {
    const encrypted = encryptResource(JSON.stringify(resource), opts.apiV3Key ?? this.apiV3Key, originalType, originalType);
    const body = JSON.stringify({
      id: randomBytes(16).toString('hex'),
      create_time: shanghai(new Date()),
      resource_type: 'encrypt-resource',
      event_type: event,
      summary: event.startsWith('REFUND') ? '退款状态变更' : '支付成功',
      resource: encrypted,
    });
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const headers = signedHeaders(
      body,
      opts.serial ?? this.options.platformKeyId,
      opts.signWith ?? this.options.platformPrivateKey,
      timestamp,
    );
    if (opts.signtest) headers['wechatpay-signature'] = `WECHATPAY/SIGNTEST/${headers['wechatpay-signature']}`;
    return {
      url,
      headers: { ...headers, 'content-type': 'application/json', 'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048' },
      body: opts.tamper ? opts.tamper(body) : body,
    };
  }

  /** Posts a notification to its URL, retrying on the configured delays while it is not accepted. */
  async deliver(n: FakeNotification): Promise<number | null> {
    const event = (JSON.parse(n.body) as { event_type: string }).event_type;
    const delays = [0, ...(this.options.retryDelaysMs ?? [])];
    let status: number | null = null;
    for (const delay of delays) {
      if (delay) await new Promise((r) => setTimeout(r, delay));
      try {
        const res = await fetch(this.options.deliverTo ?? n.url, {
          method: 'POST',
          headers: { ...n.headers },
          body: n.body,
          signal: AbortSignal.timeout(5000),
        });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = null;
      }
      this.deliveries.push({ event, status });
      if (status !== null && status >= 200 && status < 300) break;
    }
    return status;
  }

  /** 交易账单 for one Shanghai day, as WeChat formats it: a backtick before every field, totals at the end. */
  tradeBill(billDate: string): string {
    const rows: string[][] = [];
    let paid = 0;
    let refunded = 0;
    for (const o of this.orders.values()) {
      if (!o.success_time?.startsWith(billDate)) continue;
      paid += o.amount.total;
      rows.push(this.billRow(o, o.success_time, 'SUCCESS', o.amount.total, null));
    }
    for (const r of this.refunds.values()) {
      if (r.status !== 'SUCCESS' || !shanghai(r.created_at).startsWith(billDate)) continue;
      const o = this.orders.get(r.out_trade_no)!;
      refunded += r.amount.refund;
      rows.push(this.billRow(o, shanghai(r.created_at), 'REFUND', o.amount.total, r));
    }
    const yuan = (fen: number) => (fen / 100).toFixed(2);
    const header =
      '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
    const lines = rows.map((r) => r.map((f) => `\`${f}`).join(','));
    const totals = [rows.length, yuan(paid), yuan(refunded), '0.00', '0.00', yuan(paid), yuan(refunded)]
      .map((f) => `\`${f}`)
      .join(',');
    return [
      header,
      ...lines,
      '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
      totals,
      '',
    ].join('\r\n');
  }

  private billRow(o: FakeOrder, time: string, state: 'SUCCESS' | 'REFUND', totalFen: number, r: FakeRefund | null): string[] {
    const yuan = (fen: number) => (fen / 100).toFixed(2);
    return [
      time.slice(0, 19).replace('T', ' '),
      o.appid,
      o.mchid,
      '0',
      '',
      o.transaction_id ?? '',
      o.out_trade_no,
      o.openid ?? 'fake-openid',
      o.trade_type,
      state,
      'OTHERS',
      'CNY',
      state === 'SUCCESS' ? yuan(totalFen) : '0.00',
      '0.00',
      r?.refund_id ?? '0',
      r?.out_refund_no ?? '0',
      r ? yuan(r.amount.refund) : '0.00',
      '0.00',
      r ? 'ORIGINAL' : '',
      r ? 'SUCCESS' : '',
      o.description,
      '',
      '0.00000',
      '0.60%',
      yuan(totalFen),
      r ? yuan(r.amount.refund) : '0.00',
      '',
    ];
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const body = await readBody(req);
    this.requests.push(`${req.method} ${url.pathname}`);
    if (url.pathname.startsWith('/pay/'))
      return this.cashier(req.method ?? 'GET', decodeURIComponent(url.pathname.slice(5)), res);
    if (!this.authorized(req, url, body)) return this.send(res, 401, { code: 'SIGN_ERROR', message: '签名错误' });
    const path = url.pathname;
    const post = req.method === 'POST';
    let match: RegExpMatchArray | null;
    if (post && (match = path.match(/^\/v3\/pay\/transactions\/(jsapi|native)$/)))
      return this.createOrder(match[1], JSON.parse(body), res);
    if (!post && (match = path.match(/^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/))) {
      const order = this.orders.get(decodeURIComponent(match[1]));
      return order
        ? this.send(res, 200, this.transaction(order.out_trade_no))
        : this.send(res, 404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
    }
    if (post && (match = path.match(/^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/))) {
      const order = this.orders.get(decodeURIComponent(match[1]));
      if (!order) return this.send(res, 404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
      if (order.trade_state === 'SUCCESS' || order.trade_state === 'REFUND')
        return this.send(res, 400, { code: 'ORDERPAID', message: '订单已支付' });
      order.trade_state = 'CLOSED';
      return this.send(res, 204, null);
    }
    if (post && path === '/v3/refund/domestic/refunds') return this.createRefund(JSON.parse(body), res);
    if (!post && (match = path.match(/^\/v3\/refund\/domestic\/refunds\/([^/]+)$/))) {
      const refund = this.refunds.get(decodeURIComponent(match[1]));
      return refund
        ? this.send(res, 200, this.refundView(refund))
        : this.send(res, 404, { code: 'RESOURCE_NOT_EXISTS', message: '退款单不存在' });
    }
    if (!post && path === '/v3/bill/tradebill') {
      const date = url.searchParams.get('bill_date') ?? '';
      const csv = this.tradeBill(date);
      return this.send(res, 200, {
        hash_type: 'SHA1',
        hash_value: createHash('sha1').update(csv).digest('hex'),
        download_url: `${this.base}/v3/billdownload/file?date=${date}`,
      });
    }
    if (!post && path === '/v3/billdownload/file') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      const csv = this.tradeBill(url.searchParams.get('date') ?? '');
      res.end(this.tamperBill ? this.tamperBill(csv) : csv);
      return;
    }
    this.send(res, 404, { code: 'NOT_FOUND', message: 'no such API in the fake' });
  }

  private authorized(req: IncomingMessage, url: URL, body: string): boolean {
    const auth = parseAuthorization(req.headers.authorization);
    if (!auth || auth.mchid !== this.options.mchid) return false;
    if (Math.abs(Date.now() / 1000 - Number(auth.timestamp)) > 300) return false;
    const message = signatureMessage(req.method ?? '', url.pathname + url.search, auth.timestamp, auth.nonce_str, body);
    return rsaVerify(message, auth.signature, this.options.merchantPublicKey);
  }

  private createOrder(kind: string, o: OrderRequest, res: ServerResponse): void {
    const problems: string[] = [];
    if (o.appid !== this.options.appid) problems.push('appid');
    if (o.mchid !== this.options.mchid) problems.push('mchid');
    if (typeof o.out_trade_no !== 'string' || !/^[0-9A-Za-z_\-|*]{6,32}$/.test(o.out_trade_no)) problems.push('out_trade_no');
    if (!o.amount || !Number.isInteger(o.amount.total) || o.amount.total < 1) problems.push('amount.total');
    if (typeof o.notify_url !== 'string' || !/^https?:\/\//.test(o.notify_url)) problems.push('notify_url');
    if (kind === 'jsapi' && !o.payer?.openid) problems.push('payer.openid');
    if (problems.length) return this.send(res, 400, { code: 'PARAM_ERROR', message: `参数错误: ${problems.join(', ')}` });
    const existing = this.orders.get(o.out_trade_no);
    if (existing && existing.amount.total !== o.amount!.total)
      return this.send(res, 400, { code: 'OUT_TRADE_NO_USED', message: '商户订单号重复' });
    const order: FakeOrder = existing ?? {
      appid: o.appid!,
      mchid: o.mchid!,
      description: o.description,
      out_trade_no: o.out_trade_no,
      time_expire: o.time_expire,
      notify_url: o.notify_url,
      trade_type: kind === 'jsapi' ? 'JSAPI' : 'NATIVE',
      amount: { total: o.amount!.total, currency: 'CNY' },
      openid: o.payer?.openid ?? null,
      trade_state: 'NOTPAY',
      transaction_id: null,
      success_time: null,
      prepay_id: `wx${digits(30)}`,
    };
    this.orders.set(order.out_trade_no, order);
    this.send(
      res,
      200,
      kind === 'jsapi' ? { prepay_id: order.prepay_id } : { code_url: `${this.base}/pay/${order.out_trade_no}` },
    );
  }

  private createRefund(r: RefundRequest, res: ServerResponse): void {
    const existing = this.refunds.get(r.out_refund_no);
    if (existing) return this.send(res, 200, this.refundView(existing));
    const order = this.orders.get(r.out_trade_no);
    if (!order) return this.send(res, 404, { code: 'RESOURCE_NOT_EXISTS', message: '订单不存在' });
    if (order.trade_state !== 'SUCCESS' && order.trade_state !== 'REFUND')
      return this.send(res, 400, { code: 'INVALID_REQUEST', message: '订单未支付' });
    const refunded = [...this.refunds.values()].filter((x) => x.out_trade_no === order.out_trade_no && x.status !== 'CLOSED');
    const left = order.amount.total - refunded.reduce((t, x) => t + x.amount.refund, 0);
    const amount = r.amount;
    if (
      !amount ||
      !Number.isInteger(amount.refund) ||
      amount.refund < 1 ||
      amount.refund > left ||
      amount.total !== order.amount.total
    ) {
      return this.send(res, 400, { code: 'INVALID_REQUEST', message: '退款金额有误' });
    }
    const refund: FakeRefund = {
      out_refund_no: r.out_refund_no,
      refund_id: `5030${digits(24)}`,
      out_trade_no: order.out_trade_no,
      transaction_id: order.transaction_id!,
      amount: { refund: amount.refund, total: order.amount.total },
      status: 'PROCESSING',
      notify_url: r.notify_url ?? null,
      created_at: new Date(),
    };
    this.refunds.set(refund.out_refund_no, refund);
    order.trade_state = 'REFUND';
    this.send(res, 200, this.refundView(refund));
    if (this.options.notifyRefunds !== false && refund.notify_url) {
      setTimeout(() => void this.finishRefund(refund.out_refund_no), 50);
    }
  }

  /** The refund reaches its outcome (refundOutcome) and WeChat says so. */
  async finishRefund(outRefundNo: string, outcome = this.options.refundOutcome ?? 'SUCCESS'): Promise<void> {
    const refund = this.refunds.get(outRefundNo)!;
    refund.status = outcome;
    if (refund.notify_url) await this.deliver(this.refundNotification(outRefundNo));
  }

  private refundView(r: FakeRefund): object {
    return {
      refund_id: r.refund_id,
      out_refund_no: r.out_refund_no,
      transaction_id: r.transaction_id,
      out_trade_no: r.out_trade_no,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      status: r.status,
      create_time: shanghai(r.created_at),
      amount: {
        total: r.amount.total,
        refund: r.amount.refund,
        payer_total: r.amount.total,
        payer_refund: r.amount.refund,
        currency: 'CNY',
      },
    };
  }

  /** The demo's 收银台: what scanning the code_url with WeChat would show. */
  private async cashier(method: string, outTradeNo: string, res: ServerResponse): Promise<void> {
    const order = this.orders.get(outTradeNo);
    const page = (text: string, button = '') =>
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>模拟微信支付</title>
<style>body{font:18px/1.6 system-ui,sans-serif;margin:0;padding:24px;background:#f5f5f5;color:#222}main{background:#fff;border-radius:12px;padding:24px;max-width:420px;margin:auto}
button{font-size:18px;min-height:48px;width:100%;border:0;border-radius:8px;background:#07c160;color:#fff}.amount{font-size:32px;font-weight:600}</style></head>
<body><main><p>模拟微信支付（演示用，不会真实扣款）</p>${text}${button}</main></body></html>`;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (!order) {
      res.writeHead(404).end(page('<p>订单不存在</p>'));
      return;
    }
    const amount = `<p class="amount">¥${(order.amount.total / 100).toFixed(2)}</p><p>${escapeHtml(order.description)}</p>`;
    if (method === 'POST' && order.trade_state === 'NOTPAY') await this.pay(outTradeNo);
    if (order.trade_state !== 'NOTPAY') {
      res
        .writeHead(200)
        .end(
          page(
            `${amount}<p role="status">${order.trade_state === 'CLOSED' ? '订单已关闭' : '支付成功，请返回家门口查看收据'}</p>`,
          ),
        );
      return;
    }
    res.writeHead(200).end(page(amount, `<form method="post"><button type="submit">确认支付</button></form>`));
  }

  private send(res: ServerResponse, status: number, payload: object | null): void {
    const text = payload === null ? '' : JSON.stringify(payload);
    const headers = signedHeaders(text, this.options.platformKeyId, this.options.platformPrivateKey);
    res.writeHead(status, { ...headers, ...(text ? { 'content-type': 'application/json' } : {}) });
    res.end(text);
  }
}

/** What merchants send to place an order, loosely typed: the fake checks it like WeChat does. */
interface OrderRequest {
  appid?: string;
  mchid?: string;
  description: string;
  out_trade_no: string;
  time_expire: string;
  notify_url: string;
  amount?: { total: number };
  payer?: { openid?: string };
}

interface RefundRequest {
  out_trade_no: string;
  out_refund_no: string;
  notify_url?: string;
  amount?: { refund: number; total: number };
}

export interface NotificationOptions {
  timestamp?: number;
  serial?: string;
  signWith?: KeyObject;
  apiV3Key?: Buffer;
  signtest?: boolean;
  /** Changes the body after it was signed. */
  tamper?: (body: string) => string;
  /** Fields to override in the resource before it is encrypted. */
  resource?: Record<string, unknown>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
