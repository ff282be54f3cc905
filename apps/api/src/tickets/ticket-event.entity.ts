import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { TicketAction, TicketNote, TicketStatus } from '@doorstep/contracts';
import { Ticket } from './ticket.entity';

/** One line of a ticket's timeline: every change, comment, urge and escalation. Never updated. */
@Entity('ticket_events')
@Index('idx_ticket_events_ticket', ['ticketId', 'id'])
// 考核指标: the month's 督办.
@Index('idx_ticket_events_action_created', ['action', 'createdAt'])
export class TicketEvent {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  ticketId: number;

  @ManyToOne(() => Ticket, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'fk_ticket_events_ticket' })
  ticket?: Ticket;

  @Column({ type: 'varchar', length: 16 })
  action: TicketAction | TicketNote;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromStatus: TicketStatus | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  toStatus: TicketStatus | null;

  /** null for the system (the sweeper). */
  @Column({ type: 'int', nullable: true })
  actorId: number | null;

  /** The capacity they acted in: reporter, manager, staff, community_admin … or system. */
  @Column({ type: 'varchar', length: 32 })
  actorRole: string;

  @Column({ type: 'varchar', length: 64 })
  actorName: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  /** Staff and supervisors only. */
  @Column({ type: 'boolean', default: false })
  internal: boolean;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
