import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, LessThanOrEqual, type DataSource } from 'typeorm';
import type { NotificationKind } from '@doorstep/contracts';
import { Clock } from '../common/clock';
import { PeriodicJob } from '../common/periodic-job';
import { APP_CONFIG, type AppConfig } from '../common/config/app-config';
import { User } from '../users/user.entity';
import { WechatClient, WechatSendError } from '../wechat/wechat.client';
import { Notification } from './notification.entity';
import { NotificationsService } from './notifications.service';
import { WechatConsent } from './wechat-consent.entity';

const BATCH = 20;
const MAX_ATTEMPTS = 6;
/** 30 s, 1 min, 2 min, 4 min, 8 min between attempts. */
const backoffMs = (attempt: number) => 30_000 * 2 ** (attempt - 1);

/**
 * Delivers the outbox as WeChat subscribe messages. Rows are claimed by lease (a conditional UPDATE),
 * not SKIP LOCKED, so it is safe with several instances on MySQL, MariaDB, TiDB and SQLite alike.
 * A failed send is retried with backoff and never touches the ticket it announces.
 */
@Injectable()
export class DispatcherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DispatcherService.name);
  private readonly instance = randomUUID();
  private readonly job = new PeriodicJob('dispatch', () => this.dispatchOnce(), this.logger);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly wechat: WechatClient,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.job.start(this.config.DISPATCH_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** One round: claim a batch, send each, record the outcome. Returns how many were claimed. */
  async dispatchOnce(): Promise<number> {
    const claimed = await this.claim();
    for (const n of claimed) await this.deliver(n);
    return claimed.length;
  }

  private async claim(): Promise<Notification[]> {
    const now = this.clock.now();
    const repo = this.db.getRepository(Notification);
    const candidates = await repo.find({
      select: { id: true },
      where: { wechatState: 'pending', wechatNextAt: LessThanOrEqual(now) },
      order: { wechatNextAt: 'ASC', id: 'ASC' },
      take: BATCH,
    });
    if (!candidates.length) return [];
    // Long enough for every send of the batch to time out twice (token + message): a lease that ran out
    // mid-batch would let another instance send the same messages again.
    const until = new Date(now.getTime() + BATCH * 2 * this.config.WECHAT_TIMEOUT_MS + 30_000);
    await repo
      .createQueryBuilder()
      .update()
      .set({ leaseOwner: this.instance, leaseUntil: until })
      .where({ id: In(candidates.map((c) => c.id)), wechatState: 'pending' })
      .andWhere('(lease_until IS NULL OR lease_until < :now)', { now })
      .execute();
    return repo.find({ where: { leaseOwner: this.instance, leaseUntil: until, wechatState: 'pending' } });
  }

  private templateFor(kind: string): string | null {
    return this.notifications.templates()[kind as NotificationKind] ?? null;
  }

  private async deliver(n: Notification): Promise<void> {
    const repo = this.db.getRepository(Notification);
    const finish = (fields: Partial<Notification>) =>
      repo.update({ id: n.id, leaseOwner: this.instance }, { ...fields, leaseOwner: null, leaseUntil: null });
    const templateId = this.templateFor(n.kind);
    const user = await this.db.getRepository(User).findOneBy({ id: n.userId });
    if (!templateId || !this.wechat.configured || !user?.openid) {
      await finish({ wechatState: 'skipped', wechatError: !user?.openid ? 'no openid' : 'not configured' });
      return;
    }
    if (!(await this.takeConsent(n.userId, n.kind))) {
      await finish({ wechatState: 'skipped', wechatError: 'no subscription consent' });
      return;
    }
    try {
      await this.wechat.sendSubscribeMessage({
        openid: user.openid,
        templateId,
        page: n.page,
        data: { thing1: { value: n.title.slice(0, 20) }, thing2: { value: n.body.slice(0, 20) } },
      });
      await finish({ wechatState: 'sent', wechatError: null, wechatAttempts: n.wechatAttempts + 1 });
    } catch (error) {
      const err = error instanceof WechatSendError ? error : new WechatSendError(null, String(error));
      const attempts = n.wechatAttempts + 1;
      if (err.retryable) await this.giveConsentBack(n.userId, n.kind);
      const gaveUp = !err.retryable || attempts >= MAX_ATTEMPTS;
      await finish({
        wechatState: gaveUp ? (err.retryable ? 'failed' : 'skipped') : 'pending',
        wechatAttempts: attempts,
        wechatNextAt: gaveUp ? null : new Date(this.clock.now().getTime() + backoffMs(attempts)),
        wechatError: err.message.slice(0, 200),
      });
    }
  }

  /** Spends one consent, if there is one (conditional, so two instances cannot spend the same one). */
  private async takeConsent(userId: number, kind: string): Promise<boolean> {
    const res = await this.db
      .getRepository(WechatConsent)
      .createQueryBuilder()
      .update()
      .set({ remaining: () => 'remaining - 1' })
      .where('user_id = :userId AND kind = :kind AND remaining > 0', { userId, kind })
      .execute();
    return !!res.affected;
  }

  private async giveConsentBack(userId: number, kind: string): Promise<void> {
    await this.db.getRepository(WechatConsent).increment({ userId, kind }, 'remaining', 1);
  }
}
