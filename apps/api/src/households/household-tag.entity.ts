import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { CareTag } from '@doorstep/contracts';
import { Household } from './household.entity';

/** A care tag on a household (独居老人, 低保 …); a row each so "all elderly living alone" is an index scan. */
@Entity('household_tags')
@Index('idx_household_tags_tag', ['tag', 'householdId'])
export class HouseholdTag {
  @PrimaryColumn({ type: 'int' })
  householdId: number;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  tag: CareTag;

  @ManyToOne(() => Household, (h) => h.tags, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'household_id', foreignKeyConstraintName: 'fk_household_tags_household' })
  household?: Relation<Household>;
}
