import { CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** "我也遇到": a resident follows an existing ticket instead of filing a duplicate. */
@Entity('ticket_followers')
@Index('idx_ticket_followers_user', ['userId', 'ticketId'])
export class TicketFollower {
  @PrimaryColumn({ type: 'int' })
  ticketId: number;

  @PrimaryColumn({ type: 'int' })
  userId: number;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
