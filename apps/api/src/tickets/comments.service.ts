import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { TicketEventView } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { DomainError, forbidden } from '../common/errors/domain-error';
import { NotificationsService } from '../notifications/notifications.service';
import type { CommentDto } from './dto/tickets.dto';
import { recordEvent } from './record-event';
import { displayRole } from './ticket-actors';
import { TicketLoader } from './ticket-loader.service';
import { eventView } from './ticket.view';

const ticketPage = '/packages/resident/ticket';

/** Comments on a ticket's timeline: public ones reach the other side, internal ones stay with staff. */
@Injectable()
export class CommentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly loader: TicketLoader,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  async comment(caller: Caller, id: number, dto: CommentDto): Promise<TicketEventView> {
    const { ticket, rel } = await this.loader.load(caller, id);
    if (rel.followerOnly) throw new DomainError('TICKET_ACTION_NOT_YOURS', 403, { action: 'comment' });
    if (dto.internal && !rel.seesInternal) throw forbidden({ internal: true });
    const role = rel.isStaff && !rel.actors.includes('reporter') ? displayRole(caller) : 'reporter';
    const event = await this.db.transaction(async (tx) => {
      const saved = await recordEvent(tx, ticket, {
        actor: caller,
        role,
        action: 'comment',
        note: dto.body,
        internal: !!dto.internal,
        at: this.clock.now(),
      });
      if (!dto.internal) {
        const recipients = rel.actors.includes('reporter')
          ? [...(await this.loader.handlerUserIds(tx, ticket)), ...(ticket.assigneeId ? [ticket.assigneeId] : [])]
          : ticket.reporterId !== null
            ? [ticket.reporterId]
            : [];
        await this.notifications.enqueue(
          tx,
          recipients
            .filter((u) => u !== caller.userId)
            .map((userId) => ({
              userId,
              ticketId: id,
              kind: 'ticket_status' as const,
              title: `工单留言：${ticket.category!.name}`,
              body: dto.body,
              page: `${ticketPage}?id=${id}`,
            })),
        );
      }
      return saved;
    });
    return eventView(event, rel, ticket.reporterId);
  }
}
