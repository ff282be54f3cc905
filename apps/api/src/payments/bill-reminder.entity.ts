import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Bill } from './bill.entity';

/**
 * 催缴: one bill reminded in one round. The unique key (bill, round) is what keeps a rerun — or two
 * managers pressing at once — from messaging a household twice about the same bill in the same round.
 * Written in the same transaction as the household's notifications, so "reminded" means "told".
 */
@Entity('bill_reminders')
@Index('uq_bill_reminders_bill_round', ['billId', 'round'], { unique: true })
/** When each household of a compound was last reminded (the arrears list and export). */
@Index('idx_bill_reminders_compound_household', ['compoundId', 'householdId', 'createdAt'])
export class BillReminder {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  billId: number;

  @ManyToOne(() => Bill, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'bill_id', foreignKeyConstraintName: 'fk_bill_reminders_bill' })
  bill?: Bill;

  /** The caller's label for the round, e.g. "2026-11 第1次". */
  @Column({ type: 'varchar', length: 32 })
  round: string;

  @Column({ type: 'int' })
  compoundId: number;

  @Column({ type: 'int' })
  householdId: number;

  @Column({ type: 'int' })
  remindedById: number;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
