import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { LIMITS, type SimilarTicketView, type TicketView } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { isUniqueViolation } from '../common/database/db-errors';
import { DomainError, notFound } from '../common/errors/domain-error';
import { iso } from '../common/time';
import { Membership } from '../memberships/membership.entity';
import type { SimilarQuery } from './dto/tickets.dto';
import { recordEvent } from './record-event';
import { countFollower } from './ticket-counters';
import { TicketFollower } from './ticket-follower.entity';
import { TicketLoader } from './ticket-loader.service';
import { buildingOnly } from './ticket.view';
import { Ticket } from './ticket.entity';

/** 我也遇到: the open tickets a neighbour may follow instead of filing a duplicate, and following one. */
@Injectable()
export class FollowersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly loader: TicketLoader,
    private readonly clock: Clock,
  ) {}

  /** Open tickets at the same place and category: shown before submitting, so "me too" beats a duplicate. */
  async similar(query: SimilarQuery): Promise<SimilarTicketView[]> {
    const since = new Date(this.clock.now().getTime() - LIMITS.similarTicketDays * 86_400_000);
    const qb = this.db
      .getRepository(Ticket)
      .createQueryBuilder('t')
      .innerJoinAndSelect('t.category', 'category')
      .where(
        't.compound_id = :c AND t.category_id = :k AND t.is_open = :open AND t.anonymous = :anon AND t.created_at >= :since',
        {
          c: query.compoundId,
          k: query.categoryId,
          open: true,
          anon: false,
          since,
        },
      )
      .orderBy('t.id', 'DESC')
      .limit(5);
    if (query.buildingId) qb.andWhere('(t.building_id = :b OR t.building_id IS NULL)', { b: query.buildingId });
    return (await qb.getMany()).map((t) => ({
      id: t.id,
      categoryName: t.category!.name,
      placeLabel: buildingOnly(t.placeLabel),
      status: t.status,
      followerCount: t.followerCount,
      createdAt: iso(t.createdAt),
    }));
  }

  /** Follow an open ticket; following twice changes nothing. */
  async follow(caller: Caller, id: number): Promise<TicketView> {
    const ticket = await this.db.getRepository(Ticket).findOneBy({ id });
    if (!ticket || !ticket.isOpen) throw notFound('TICKET_NOT_FOUND');
    // Followers read the description; a complainant who asked for anonymity did not write it for them.
    if (ticket.anonymous) throw new DomainError('TICKET_NOT_FOLLOWABLE', 409);
    // Neighbours follow what happens where they live; anyone else could read every open ticket by id.
    const neighbour = await this.db
      .getRepository(Membership)
      .existsBy({ compoundId: ticket.compoundId, userId: caller.userId, status: 'verified' });
    if (!neighbour) throw new DomainError('TICKET_FOLLOW_NOT_RESIDENT', 403);
    if (ticket.reporterId !== caller.userId) {
      await this.db.transaction(async (tx) => {
        try {
          await tx.insert(TicketFollower, { ticketId: id, userId: caller.userId, createdAt: this.clock.now() });
        } catch (error) {
          if (isUniqueViolation(error)) return;
          throw error;
        }
        await countFollower(tx, id);
        await recordEvent(tx, ticket, { actor: caller, role: 'resident', action: 'follow', at: this.clock.now() });
      });
    }
    return this.loader.view(caller, id);
  }
}
