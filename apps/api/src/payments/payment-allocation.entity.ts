import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Bill } from './bill.entity';
import { Payment } from './payment.entity';

/** How much of a payment went to one bill. Written with the payment; a reversal takes it off the bill. */
@Entity('payment_allocations')
@Index('uq_payment_allocations', ['paymentId', 'billId'], { unique: true })
@Index('idx_payment_allocations_bill', ['billId'])
export class PaymentAllocation {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  paymentId: number;

  @ManyToOne(() => Payment, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'payment_id', foreignKeyConstraintName: 'fk_payment_allocations_payment' })
  payment?: Payment;

  @Column({ type: 'int' })
  billId: number;

  @ManyToOne(() => Bill, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'bill_id', foreignKeyConstraintName: 'fk_payment_allocations_bill' })
  bill?: Bill;

  @Column({ type: 'int' })
  amountFen: number;
}
