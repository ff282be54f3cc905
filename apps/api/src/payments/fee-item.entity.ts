import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { FeeRule } from '@doorstep/contracts';
import { VersionedEntity } from '../common/database/base.entity';
import { Compound } from '../places/compound.entity';

/**
 * 收费项目 of one compound: how its bills are priced (see billAmountFen in the contracts). The rule and
 * the cycle never change once created; the price applies to later runs only, bills keep their own copy.
 */
@Entity('fee_items')
@Index('uq_fee_items_compound_name', ['compoundId', 'name'], { unique: true })
export class FeeItem extends VersionedEntity {
  @Column({ type: 'int' })
  compoundId: number;

  @ManyToOne(() => Compound, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'compound_id', foreignKeyConstraintName: 'fk_fee_items_compound' })
  compound?: Compound;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  rule: FeeRule;

  /** per_area: fen per m² per month; per_month: fen per month; one_off: fen once. */
  @Column({ type: 'int' })
  priceFen: number;

  /** 1, 3, 6 or 12; null for one_off. */
  @Column({ type: 'int', nullable: true })
  cycleMonths: number | null;

  /** one_off: the 'YYYY-MM' whose run bills it. */
  @Column({ type: 'varchar', length: 7, nullable: true })
  period: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;
}
