import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ReconciliationMismatchKind } from '@doorstep/contracts';
import { WechatReconciliation } from './wechat-reconciliation.entity';

/**
 * One mismatch found by a reconciliation: what WeChat's bill says and what we recorded, in fen, with
 * the compound it belongs to when anything we hold ties it to one (readers see their compound's only).
 */
@Entity('wechat_reconciliation_items')
@Index('idx_wechat_reconciliation_items_compound', ['reconciliationId', 'compoundId', 'id'])
export class WechatReconciliationItem {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  reconciliationId: number;

  @ManyToOne(() => WechatReconciliation, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'reconciliation_id', foreignKeyConstraintName: 'fk_wechat_reconciliation_items_reconciliation' })
  reconciliation?: WechatReconciliation;

  @Column({ type: 'varchar', length: 32 })
  kind: ReconciliationMismatchKind;

  @Column({ type: 'int', nullable: true })
  compoundId: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  outTradeNo: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  transactionId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  outRefundNo: string | null;

  @Column({ type: 'int', nullable: true })
  wechatFen: number | null;

  @Column({ type: 'int', nullable: true })
  ourFen: number | null;

  @Column({ type: 'int', nullable: true })
  paymentId: number | null;

  /** Our payment_refunds row, for refund mismatches. */
  @Column({ type: 'int', nullable: true })
  refundId: number | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;
}
