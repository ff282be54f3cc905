import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { BillStatus, FeeRule } from '@doorstep/contracts';
import { VersionedEntity } from '../common/database/base.entity';
import { Household } from '../households/household.entity';
import { Building } from '../places/building.entity';
import { Compound } from '../places/compound.entity';
import { BillingRun } from './billing-run.entity';
import { FeeItem } from './fee-item.entity';

/**
 * One household's bill for one fee item and period. The unique key (household, fee item, period) is what
 * makes a billing run idempotent, however many runs race. Pricing is copied from the item when the bill
 * is made. `paidFen` is kept by the payments of later slices (allocations); statuses follow from it.
 */
@Entity('bills')
@Index('uq_bills_household_item_period', ['householdId', 'feeItemId', 'period'], { unique: true })
@Index('idx_bills_compound', ['compoundId', 'id'])
@Index('idx_bills_compound_status', ['compoundId', 'status', 'id'])
@Index('idx_bills_compound_period', ['compoundId', 'period', 'id'])
@Index('idx_bills_building', ['buildingId', 'id'])
@Index('idx_bills_household', ['householdId', 'id'])
@Index('idx_bills_fee_item_period', ['feeItemId', 'period'])
@Index('idx_bills_billing_run', ['billingRunId'])
export class Bill extends VersionedEntity {
  @Column({ type: 'int' })
  compoundId: number;

  @ManyToOne(() => Compound, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'compound_id', foreignKeyConstraintName: 'fk_bills_compound' })
  compound?: Compound;

  @Column({ type: 'int' })
  buildingId: number;

  @ManyToOne(() => Building, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'building_id', foreignKeyConstraintName: 'fk_bills_building' })
  building?: Building;

  @Column({ type: 'int' })
  householdId: number;

  @ManyToOne(() => Household, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'household_id', foreignKeyConstraintName: 'fk_bills_household' })
  household?: Household;

  @Column({ type: 'int' })
  feeItemId: number;

  @ManyToOne(() => FeeItem, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'fee_item_id', foreignKeyConstraintName: 'fk_bills_fee_item' })
  feeItem?: FeeItem;

  /** The run that created it. */
  @Column({ type: 'int', nullable: true })
  billingRunId: number | null;

  @ManyToOne(() => BillingRun, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'billing_run_id', foreignKeyConstraintName: 'fk_bills_billing_run' })
  billingRun?: BillingRun | null;

  /** First month covered, 'YYYY-MM'. */
  @Column({ type: 'varchar', length: 7 })
  period: string;

  @Column({ type: 'int' })
  months: number;

  @Column({ type: 'varchar', length: 64 })
  itemName: string;

  @Column({ type: 'varchar', length: 16 })
  rule: FeeRule;

  @Column({ type: 'int' })
  priceFen: number;

  @Column({ type: 'int', nullable: true })
  areaHundredths: number | null;

  @Column({ type: 'int' })
  amountFen: number;

  @Column({ type: 'int', default: 0 })
  paidFen: number;

  @Column({ type: 'varchar', length: 16 })
  status: BillStatus;

  @Column({ type: 'varchar', length: 200, nullable: true })
  statusReason: string | null;

  @Column({ type: 'int', nullable: true })
  statusById: number | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  statusAt: Date | null;
}
