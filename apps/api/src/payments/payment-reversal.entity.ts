import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Payment } from './payment.entity';

/**
 * 冲正: the counter-entry of a mistaken payment, with why and who. At most one per payment (the unique
 * key, so two managers reversing at once cannot both win).
 */
@Entity('payment_reversals')
@Index('uq_payment_reversals_payment', ['paymentId'], { unique: true })
@Index('idx_payment_reversals_household', ['householdId', 'id'])
export class PaymentReversal {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  paymentId: number;

  @ManyToOne(() => Payment, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'payment_id', foreignKeyConstraintName: 'fk_payment_reversals_payment' })
  payment?: Payment;

  @Column({ type: 'int' })
  compoundId: number;

  @Column({ type: 'int' })
  householdId: number;

  /** The payment's amount, taken off again. */
  @Column({ type: 'int' })
  amountFen: number;

  @Column({ type: 'varchar', length: 200 })
  reason: string;

  @Column({ type: 'int' })
  reversedById: number;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
