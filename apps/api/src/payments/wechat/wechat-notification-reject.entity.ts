import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A notification that arrived at the notify URL and was refused (bad or unknown signature, stale, a
 * SIGNTEST probe, undecryptable, or not matching its order): kept as it came, for someone to review.
 * Nothing in it was applied.
 */
@Entity('wechat_notification_rejects')
@Index('idx_wechat_notification_rejects_created', ['createdAt'])
export class WechatNotificationReject {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 48 })
  reason: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  serial: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  timestamp: string | null;

  /** The out_trade_no or out_refund_no it named, once decrypted. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  reference: string | null;

  /** The raw body, cut at 8 KiB. */
  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
