import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { FollowUpOutcome, VisitKind, VisitOutcome } from '@doorstep/contracts';
import { Household } from '../households/household.entity';
import { Compound } from '../places/compound.entity';
import { User } from '../users/user.entity';

/**
 * 民情走访: one door-to-door visit, as the grid worker's phone made it. Never changed after it is
 * stored (no version): a correction is another visit. `clientId` is unique per worker, so a resend is
 * found, and one worker cannot learn of another's ids by colliding with them.
 */
@Entity('visits')
@Index('uq_visits_worker_client', ['workerId', 'clientId'], { unique: true })
// A ticket's 回访 is recorded once, whoever records it (the machine refuses a second one as well).
@Index('uq_visits_follow_up_ticket', ['followUpTicketId'], { unique: true })
@Index('idx_visits_household', ['householdId', 'visitedAt'])
@Index('idx_visits_grid', ['gridId', 'id'])
@Index('idx_visits_community', ['communityId', 'id'])
@Index('idx_visits_worker', ['workerId', 'id'])
// 网格日志: one worker's visits by day.
@Index('idx_visits_worker_visited', ['workerId', 'visitedAt'])
// 考核指标: 走访覆盖率 of a compound's month.
@Index('idx_visits_compound_visited', ['compoundId', 'visitedAt'])
export class Visit {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'varchar', length: 36 })
  clientId: string;

  @Column({ type: 'int' })
  workerId: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'worker_id', foreignKeyConstraintName: 'fk_visits_worker' })
  worker?: User;

  /** The household's building's grid, or for a public place the caller's grid in that compound (null for the community). */
  @Column({ type: 'int', nullable: true })
  gridId: number | null;

  /** Denormalised from the compound: the community's lists need no join. */
  @Column({ type: 'int' })
  communityId: number;

  @Column({ type: 'int' })
  compoundId: number;

  @ManyToOne(() => Compound, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'compound_id', foreignKeyConstraintName: 'fk_visits_compound' })
  compound?: Compound;

  @Column({ type: 'int', nullable: true })
  householdId: number | null;

  @ManyToOne(() => Household, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'household_id', foreignKeyConstraintName: 'fk_visits_household' })
  household?: Household;

  @Column({ type: 'varchar', length: 64, nullable: true })
  placeName: string | null;

  @Column({ type: 'varchar', length: 16 })
  kind: VisitKind;

  @Column({ type: 'varchar', length: 16 })
  outcome: VisitOutcome;

  @Column({ type: 'varchar', length: 500, nullable: true })
  notes: string | null;

  /** By the phone's clock. */
  @Column({ type: 'datetime', precision: 6 })
  visitedAt: Date;

  /** By the server's clock, when it was stored. */
  @Column({ type: 'datetime', precision: 6 })
  receivedAt: Date;

  /** Millionths of a degree: integers read back the same on every dialect (SQLite has no exact decimal). */
  @Column({ type: 'int', nullable: true })
  latitudeE6: number | null;

  @Column({ type: 'int', nullable: true })
  longitudeE6: number | null;

  /** The ticket the 诉求 heard on this visit became. */
  @Column({ type: 'int', nullable: true })
  ticketId: number | null;

  /** The ticket this 回访 was of, and what the resident said. */
  @Column({ type: 'int', nullable: true })
  followUpTicketId: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  followUpOutcome: FollowUpOutcome | null;
}
