import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { MembershipRelation, MembershipStatus } from '@doorstep/contracts';
import { VersionedEntity } from '../common/database/base.entity';
import { Household } from '../households/household.entity';
import { User } from '../users/user.entity';

/** A resident's claim on a household: pending until a manager (or a matching imported phone) verifies it. */
@Entity('household_members')
@Index('uq_household_members', ['householdId', 'userId'], { unique: true })
@Index('idx_household_members_user', ['userId', 'id'])
@Index('idx_household_members_review', ['compoundId', 'status', 'id'])
export class Membership extends VersionedEntity {
  @Column({ type: 'int' })
  householdId: number;

  @ManyToOne(() => Household, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'household_id', foreignKeyConstraintName: 'fk_household_members_household' })
  household?: Household;

  @Column({ type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_household_members_user' })
  user?: User;

  /** Denormalised so the manager's review queue is one index range. */
  @Column({ type: 'int' })
  compoundId: number;

  @Column({ type: 'varchar', length: 16 })
  relation: MembershipRelation;

  @Column({ type: 'varchar', length: 16 })
  status: MembershipStatus;

  @Column({ type: 'varchar', length: 200, nullable: true })
  rejectReason: string | null;

  @Column({ type: 'int', nullable: true })
  reviewedBy: number | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  reviewedAt: Date | null;
}
