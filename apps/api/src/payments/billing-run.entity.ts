import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { VersionedEntity } from '../common/database/base.entity';
import { Compound } from '../places/compound.entity';

/** One committed billing run (dry runs leave no row): who ran which period, and what it created. */
@Entity('billing_runs')
@Index('idx_billing_runs_compound', ['compoundId', 'period', 'id'])
export class BillingRun extends VersionedEntity {
  @Column({ type: 'int' })
  compoundId: number;

  @ManyToOne(() => Compound, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'compound_id', foreignKeyConstraintName: 'fk_billing_runs_compound' })
  compound?: Compound;

  @Column({ type: 'varchar', length: 7 })
  period: string;

  @Column({ type: 'int' })
  createdById: number;

  @Column({ type: 'int', default: 0 })
  billsCreated: number;
}
