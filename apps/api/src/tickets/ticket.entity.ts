import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import type { ComplaintTarget, HandlerType, TicketKind, TicketPriority, TicketSource, TicketStatus } from '@doorstep/contracts';
import { VersionedEntity } from '../common/database/base.entity';
import { Building } from '../places/building.entity';
import { Compound } from '../places/compound.entity';
import { User } from '../users/user.entity';
import { Category } from '../categories/category.entity';

/**
 * 工单. Deadlines are fixed at creation from the category's policy. `dueAt` is the deadline that
 * matters in the current status (the inboxes sort by it); `timerAt` is when the sweeper must act next
 * (escalate, auto-close). Community and street are copied from the compound so supervisors' inboxes
 * are one index range.
 */
@Entity('tickets')
@Index('idx_tickets_reporter', ['reporterId', 'id'])
@Index('idx_tickets_reporter_created', ['reporterId', 'createdAt'])
@Index('idx_tickets_company_inbox', ['handlerCompanyId', 'isOpen', 'dueAt', 'id'])
@Index('idx_tickets_community_inbox', ['communityId', 'handlerType', 'isOpen', 'dueAt', 'id'])
@Index('idx_tickets_supervised', ['communityId', 'supervised', 'isOpen', 'dueAt', 'id'])
@Index('idx_tickets_street', ['streetId', 'escalationLevel', 'isOpen', 'dueAt', 'id'])
@Index('idx_tickets_assignee', ['assigneeId', 'isOpen', 'dueAt', 'id'])
/** 已完成: a worker's resolved and closed tickets, newest resolution first. */
@Index('idx_tickets_assignee_resolved', ['assigneeId', 'resolvedAt', 'id'])
@Index('idx_tickets_compound_category', ['compoundId', 'categoryId', 'isOpen', 'id'])
@Index('idx_tickets_compound_created', ['compoundId', 'createdAt'])
@Index('idx_tickets_timer', ['timerAt'])
@Index('idx_tickets_compound_open', ['compoundId', 'isOpen', 'dueAt', 'id'])
@Index('idx_tickets_compound', ['compoundId', 'id'])
@Index('idx_tickets_household', ['householdId', 'id'])
// 网格日志: the tickets a worker filed, by day.
@Index('idx_tickets_created_by', ['createdById', 'createdAt'])
// 考核指标: a street's or a community's month, covering the stamp of the kept counts (figure_month_counts).
@Index('idx_tickets_street_created', ['streetId', 'createdAt', 'compoundId', 'status', 'acceptDeadline', 'version', 'updatedAt'])
@Index('idx_tickets_community_created', [
  'communityId',
  'createdAt',
  'compoundId',
  'status',
  'acceptDeadline',
  'version',
  'updatedAt',
])
export class Ticket extends VersionedEntity {
  @Column({ type: 'int' })
  compoundId: number;

  @ManyToOne(() => Compound, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'compound_id', foreignKeyConstraintName: 'fk_tickets_compound' })
  compound?: Compound;

  @Column({ type: 'int' })
  communityId: number;

  @Column({ type: 'int' })
  streetId: number;

  @Column({ type: 'int', nullable: true })
  buildingId: number | null;

  @ManyToOne(() => Building, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'building_id', foreignKeyConstraintName: 'fk_tickets_building' })
  building?: Building | null;

  @Column({ type: 'int', nullable: true })
  householdId: number | null;

  @Column({ type: 'int', nullable: true })
  qrCodeId: number | null;

  /** Where, in words: "1号楼 2单元", "3号楼地下车库". */
  @Column({ type: 'varchar', length: 100 })
  placeLabel: string;

  @Column({ type: 'int' })
  categoryId: number;

  @ManyToOne(() => Category, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'fk_tickets_category' })
  category?: Category;

  @Column({ type: 'varchar', length: 16 })
  kind: TicketKind;

  @Column({ type: 'varchar', length: 16 })
  source: TicketSource;

  @Column({ type: 'varchar', length: 16 })
  priority: TicketPriority;

  @Column({ type: 'varchar', length: 16 })
  status: TicketStatus;

  @Column({ type: 'boolean' })
  isOpen: boolean;

  @Column({ type: 'varchar', length: 1000 })
  description: string;

  /** null when staff filed for a caller who has no account. */
  @Column({ type: 'int', nullable: true })
  reporterId: number | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'reporter_id', foreignKeyConstraintName: 'fk_tickets_reporter' })
  reporter?: User | null;

  @Column({ type: 'varchar', length: 64 })
  reporterName: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  reporterPhone: string | null;

  /** Who typed it in: the reporter, or staff / a grid worker on their behalf. */
  @Column({ type: 'int' })
  createdById: number;

  @Column({ type: 'varchar', length: 16, nullable: true })
  complaintTarget: ComplaintTarget | null;

  @Column({ type: 'boolean', default: false })
  anonymous: boolean;

  @Column({ type: 'varchar', length: 16 })
  handlerType: HandlerType;

  @Column({ type: 'int', nullable: true })
  handlerCompanyId: number | null;

  @Column({ type: 'int', nullable: true })
  assigneeId: number | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'assignee_id', foreignKeyConstraintName: 'fk_tickets_assignee' })
  assignee?: User | null;

  @Column({ type: 'datetime', precision: 6 })
  acceptDeadline: Date;

  @Column({ type: 'datetime', precision: 6 })
  resolveDeadline: Date;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  dueAt: Date | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  timerAt: Date | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  closedAt: Date | null;

  @Column({ type: 'boolean', default: false })
  acceptBreached: boolean;

  @Column({ type: 'boolean', default: false })
  resolveBreached: boolean;

  /** 0 handler, 1 community, 2 street. */
  @Column({ type: 'int', default: 0 })
  escalationLevel: number;

  /** In the supervisors' inbox: escalated, appealed, or a complaint about the company itself. */
  @Column({ type: 'boolean', default: false })
  supervised: boolean;

  @Column({ type: 'int', default: 0 })
  reopenCount: number;

  @Column({ type: 'int', default: 0 })
  followerCount: number;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  preferredVisitAt: Date | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  pausedAt: Date | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  pausedFrom: TicketStatus | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  pauseReason: string | null;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  pauseUntil: Date | null;

  @Column({ type: 'int', nullable: true })
  rating: number | null;

  @Column({ type: 'int', nullable: true })
  ratingSpeed: number | null;

  @Column({ type: 'int', nullable: true })
  ratingAttitude: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  ratingComment: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  followUp: 'satisfied' | 'unsatisfied' | null;

  @Column({ type: 'int', nullable: true })
  duplicateOfId: number | null;
}
