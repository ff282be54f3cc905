import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MoreThan, type DataSource } from 'typeorm';
import { RefundMismatch, RefundsService } from '../refunds.service';
import { decryptResource, SIGNTEST_PREFIX, type EncryptedResource } from './wechatpay-crypto';
import { WechatPayClient, type WechatRefund, type WechatTransaction } from './wechatpay.client';
import { WechatNotificationReject } from './wechat-notification-reject.entity';
import { TransactionMismatch, WechatOrdersService } from './wechat-orders.service';

/** A notification we do not accept: WeChat gets `status` and `{ code: 'FAIL' }`, and retries later. */
export class NotificationRefused extends Error {
  constructor(
    readonly status: 400 | 401 | 404,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export interface NotificationHeaders {
  timestamp?: string;
  nonce?: string;
  signature?: string;
  serial?: string;
}

/** WeChat allows 5 minutes between its timestamp and our clock; beyond that a replay is more likely. */
const MAX_SKEW_MS = 5 * 60_000;
/** Refused notifications kept per minute at most, so a flood of junk cannot fill the table. */
const REJECTS_KEPT_PER_MINUTE = 100;
const REJECT_BODY_MAX = 8 * 1024;

interface Envelope {
  id?: string;
  event_type?: string;
  resource?: EncryptedResource;
}

/**
 * POST /payments/wechat/notify. In order, before anything is believed: all four signature headers,
 * not a SIGNTEST probe, a timestamp within 5 minutes, a key we know by its serial, a valid signature
 * over the raw body; only then is the resource decrypted (AEAD_AES_256_GCM, APIv3 key) and matched
 * against its order or refund. Recording is idempotent, so the 15 retries and any order of arrival
 * leave one payment.
 */
@Injectable()
export class WechatNotifyService {
  private readonly logger = new Logger(WechatNotifyService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly client: WechatPayClient,
    private readonly orders: WechatOrdersService,
    private readonly refunds: RefundsService,
  ) {}

  async handle(headers: NotificationHeaders, raw: string, now: Date): Promise<void> {
    // Without WeChat Pay nothing here can verify a notification, and nothing was sold to be notified of.
    if (!this.client.enabled) throw new NotificationRefused(404, 'WECHATPAY_DISABLED');
    try {
      await this.accept(headers, raw, now);
    } catch (error) {
      const refusal = this.refusal(error);
      if (!refusal) throw error;
      await this.keep(
        refusal.reason,
        headers,
        raw,
        error instanceof TransactionMismatch || error instanceof RefundMismatch ? error.reference : null,
        now,
      );
      throw refusal.error;
    }
  }

  private async accept(headers: NotificationHeaders, raw: string, now: Date): Promise<void> {
    const settings = this.client.settings;
    const { timestamp, nonce, signature, serial } = headers;
    if (!timestamp || !nonce || !signature || !serial) throw new NotificationRefused(400, 'HEADERS_MISSING');
    if (signature.startsWith(SIGNTEST_PREFIX)) throw new NotificationRefused(400, 'SIGNTEST_PROBE');
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() - Number(timestamp) * 1000) > MAX_SKEW_MS) {
      throw new NotificationRefused(400, 'TIMESTAMP_OUT_OF_RANGE');
    }
    if (!settings.platformKeys.has(serial)) throw new NotificationRefused(400, 'UNKNOWN_SERIAL');
    if (!this.client.verify({ timestamp, nonce, signature, serial }, raw))
      throw new NotificationRefused(401, 'SIGNATURE_INVALID');
    const envelope = JSON.parse(raw) as Envelope;
    const resource = envelope.resource;
    if (!resource || resource.algorithm !== 'AEAD_AES_256_GCM') throw new NotificationRefused(400, 'RESOURCE_INVALID');
    let plaintext: string;
    try {
      plaintext = decryptResource(resource, settings.apiV3Key);
    } catch {
      throw new NotificationRefused(400, 'DECRYPT_FAILED');
    }
    const event = envelope.event_type ?? '';
    if (event === 'TRANSACTION.SUCCESS') {
      await this.orders.applyPaid(JSON.parse(plaintext) as WechatTransaction, now);
    } else if (event.startsWith('REFUND.')) {
      await this.refunds.applyResult(JSON.parse(plaintext) as WechatRefund, now);
    } else {
      this.logger.log({ event, id: envelope.id }, 'WeChat Pay notification of a kind we do not act on');
    }
  }

  private refusal(error: unknown): { reason: string; error: NotificationRefused } | null {
    if (error instanceof NotificationRefused) return { reason: error.reason, error };
    if (error instanceof TransactionMismatch || error instanceof RefundMismatch) {
      this.logger.error(
        { reason: error.reason, reference: error.reference },
        'a verified WeChat Pay notification does not match our records',
      );
      return { reason: error.reason, error: new NotificationRefused(400, error.reason) };
    }
    if (error instanceof SyntaxError) return { reason: 'BODY_NOT_JSON', error: new NotificationRefused(400, 'BODY_NOT_JSON') };
    return null;
  }

  private async keep(
    reason: string,
    headers: NotificationHeaders,
    raw: string,
    reference: string | null,
    now: Date,
  ): Promise<void> {
    const recent = await this.db
      .getRepository(WechatNotificationReject)
      .count({ where: { createdAt: MoreThan(new Date(now.getTime() - 60_000)) } });
    if (recent >= REJECTS_KEPT_PER_MINUTE) return;
    await this.db.getRepository(WechatNotificationReject).insert({
      reason,
      serial: headers.serial?.slice(0, 64) ?? null,
      timestamp: headers.timestamp?.slice(0, 32) ?? null,
      reference: reference?.slice(0, 64) ?? null,
      body: raw.slice(0, REJECT_BODY_MAX),
      createdAt: now,
    });
  }
}
