import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type EntityManager, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { NotificationKind, NotificationView, Page, WechatTemplatesView } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../common/config/app-config';
import { notFound } from '../common/errors/domain-error';
import { byId, keysetPage, type PageQueryDto } from '../common/pagination/keyset';
import { iso, isoOrNull } from '../common/time';
import { Notification } from './notification.entity';
import { WechatConsent } from './wechat-consent.entity';

export interface NewNotification {
  userId: number;
  ticketId: number | null;
  kind: NotificationKind;
  title: string;
  body: string;
  page: string;
}

const view = (n: Notification): NotificationView => ({
  id: n.id,
  ticketId: n.ticketId,
  title: n.title,
  body: n.body,
  page: n.page,
  createdAt: iso(n.createdAt),
  readAt: isoOrNull(n.readAt),
});

@Injectable()
export class NotificationsService {
  constructor(
    @InjectRepository(Notification) private readonly notifications: Repository<Notification>,
    @InjectRepository(WechatConsent) private readonly consents: Repository<WechatConsent>,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  templates(): WechatTemplatesView {
    return {
      ticket_status: this.config.WECHAT_TEMPLATE_TICKET_STATUS ?? null,
      ticket_new: this.config.WECHAT_TEMPLATE_TICKET_NEW ?? null,
      membership_review: this.config.WECHAT_TEMPLATE_MEMBERSHIP_REVIEW ?? null,
      bill_reminder: this.config.WECHAT_TEMPLATE_BILL_REMINDER ?? null,
    };
  }

  /** Writes notifications inside the caller's transaction: they exist exactly when the change does. */
  async enqueue(tx: EntityManager, items: NewNotification[]): Promise<void> {
    const unique = new Map(items.map((i) => [`${i.userId}:${i.kind}`, i]));
    if (!unique.size) return;
    await tx.insert(
      Notification,
      [...unique.values()].map((i) => ({
        ...i,
        title: i.title.slice(0, 64),
        body: i.body.slice(0, 200),
        wechatState: 'pending' as const,
        wechatAttempts: 0,
        wechatNextAt: this.clock.now(),
      })),
    );
  }

  async list(caller: Caller, query: PageQueryDto): Promise<Page<NotificationView> & { unread: number }> {
    const qb = this.notifications.createQueryBuilder('n').where('n.user_id = :me', { me: caller.userId });
    const page = await keysetPage(qb, query, byId('n', 'DESC'));
    const unread = await this.notifications.count({ where: { userId: caller.userId, readAt: IsNull() } });
    return { items: page.items.map(view), nextCursor: page.nextCursor, unread };
  }

  /**
   * Counts the user's unread notifications (column `unread_count`), along idx_notifications_unread; a query
   * for the badge poll to fold into its one statement.
   */
  unreadCountQuery(userId: number): SelectQueryBuilder<Notification> {
    return this.notifications
      .createQueryBuilder('n')
      .select('COUNT(*)', 'unread_count')
      .where('n.user_id = :me AND n.read_at IS NULL', { me: userId });
  }

  async markRead(caller: Caller, id: number): Promise<NotificationView> {
    const n = await this.notifications.findOneBy({ id, userId: caller.userId });
    if (!n) throw notFound('NOT_FOUND');
    if (!n.readAt) {
      n.readAt = this.clock.now();
      await this.notifications.update({ id, readAt: IsNull() }, { readAt: n.readAt });
    }
    return view(n);
  }

  async markAllRead(caller: Caller): Promise<void> {
    await this.notifications.update({ userId: caller.userId, readAt: IsNull() }, { readAt: this.clock.now() });
  }

  /**
   * The mini-program calls this after wx.requestSubscribeMessage with the kinds the person accepted.
   * Each acceptance allows one message, so they add up.
   */
  async addConsents(caller: Caller, kinds: string[]): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const kind of kinds) {
      const updated = await this.consents
        .createQueryBuilder()
        .update()
        .set({ remaining: () => 'remaining + 1' })
        .where('user_id = :u AND kind = :k', { u: caller.userId, k: kind })
        .execute();
      if (!updated.affected) {
        await this.consents.insert({ userId: caller.userId, kind, remaining: 1 }).catch(async () => {
          // Two taps raced to create the row; count this one on the row the other made.
          await this.consents.increment({ userId: caller.userId, kind }, 'remaining', 1);
        });
      }
      out[kind] = (await this.consents.findOneByOrFail({ userId: caller.userId, kind })).remaining;
    }
    return out;
  }
}
