import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Bill } from './bill.entity';
import { PaymentRefund } from './payment-refund.entity';

/** What a refund took off a bill (the bill is open again by that much). Written with the refund. */
@Entity('refund_allocations')
@Index('uq_refund_allocations', ['refundId', 'billId'], { unique: true })
@Index('idx_refund_allocations_bill', ['billId'])
export class RefundAllocation {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  refundId: number;

  @ManyToOne(() => PaymentRefund, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'refund_id', foreignKeyConstraintName: 'fk_refund_allocations_refund' })
  refund?: PaymentRefund;

  @Column({ type: 'int' })
  billId: number;

  @ManyToOne(() => Bill, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'bill_id', foreignKeyConstraintName: 'fk_refund_allocations_bill' })
  bill?: Bill;

  @Column({ type: 'int' })
  amountFen: number;
}
