import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type WechatDelivery = 'pending' | 'sent' | 'skipped' | 'failed';

/**
 * The outbox: written in the same transaction as the change it announces, so a notification exists if
 * and only if the change committed. It is the in-app notification; the dispatcher also delivers it as a
 * WeChat subscribe message, claiming rows by lease so several API instances never send one twice.
 */
@Entity('notifications')
@Index('idx_notifications_user', ['userId', 'id'])
/** The unread count of the badge poll: only the unread rows are touched. */
@Index('idx_notifications_unread', ['userId', 'readAt'])
@Index('idx_notifications_wechat', ['wechatState', 'wechatNextAt'])
export class Notification {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'int', nullable: true })
  ticketId: number | null;

  /** Which subscribe-message template: ticket_status, ticket_new … */
  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'varchar', length: 64 })
  title: string;

  @Column({ type: 'varchar', length: 200 })
  body: string;

  /** Mini-program page to open, e.g. packages/resident/ticket?id=3. */
  @Column({ type: 'varchar', length: 200 })
  page: string;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  readAt: Date | null;

  @Column({ type: 'varchar', length: 16 })
  wechatState: WechatDelivery;

  @Column({ type: 'int', default: 0 })
  wechatAttempts: number;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  wechatNextAt: Date | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  wechatError: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  leaseOwner: string | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  leaseUntil: Date | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
