import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { RefundKind, RefundStatus } from '@doorstep/contracts';
import { VersionedEntity } from '../common/database/base.entity';
import { Payment } from './payment.entity';

/**
 * 退款 of (part of) a WeChat payment, its own record beside the payment, never an edit of it. `pending`
 * rows are written with the change they belong to and sent to WeChat afterwards (resent by the job until
 * WeChat takes them: the out_refund_no makes a resend the same refund); WeChat's answer and its REFUND.*
 * notifications move it on. A refund that ends `abnormal` or `closed` returned nothing: the money stays
 * with the household as credit.
 */
@Entity('payment_refunds')
@Index('uq_payment_refunds_out_refund_no', ['outRefundNo'], { unique: true })
@Index('idx_payment_refunds_payment', ['paymentId'])
@Index('idx_payment_refunds_status', ['status', 'id'])
@Index('idx_payment_refunds_status_created', ['status', 'createdAt'])
export class PaymentRefund extends VersionedEntity {
  @Column({ type: 'int' })
  paymentId: number;

  @ManyToOne(() => Payment, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'payment_id', foreignKeyConstraintName: 'fk_payment_refunds_payment' })
  payment?: Payment;

  @Column({ type: 'int' })
  compoundId: number;

  @Column({ type: 'int' })
  householdId: number;

  @Column({ type: 'varchar', length: 64 })
  outRefundNo: string;

  @Column({ type: 'varchar', length: 16 })
  kind: RefundKind;

  @Column({ type: 'int' })
  amountFen: number;

  @Column({ type: 'varchar', length: 80 })
  reason: string;

  @Column({ type: 'varchar', length: 16 })
  status: RefundStatus;

  /** WeChat's 退款单号. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  refundId: string | null;

  /** Null for the refunds the system makes by itself (overpaid). */
  @Column({ type: 'int', nullable: true })
  requestedById: number | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  finishedAt: Date | null;
}
