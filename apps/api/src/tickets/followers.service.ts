import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { LIMITS, maskPhone, type SimilarTicketView, type TicketView } from '@doorstep/contracts';
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

const SNIPPET_CHARS = 40;

/**
 * The start of a description, for the similar list: runs of seven or more digits (a phone number,
 * spaced or hyphenated too) masked, whitespace folded, cut at SNIPPET_CHARS characters.
 */
export function descriptionSnippet(description: string): string {
  const masked = description
    .replace(/\d(?:[\s-]?\d){6,}/g, (run) => maskPhone(run.replace(/\D/g, ''))!)
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...masked];
  return chars.length > SNIPPET_CHARS ? `${chars.slice(0, SNIPPET_CHARS).join('')}…` : masked;
}

/** 我也遇到: the open tickets a neighbour may follow instead of filing a duplicate, and following one. */
@Injectable()
export class FollowersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly loader: TicketLoader,
    private readonly clock: Clock,
  ) {}

  /**
   * Other people's open tickets at the same place and category: shown before submitting, so "me too"
   * beats a duplicate. The caller's own reports are left out; the ones they follow are marked.
   */
  async similar(caller: Caller, query: SimilarQuery): Promise<SimilarTicketView[]> {
    const since = new Date(this.clock.now().getTime() - LIMITS.similarTicketDays * 86_400_000);
    const qb = this.db
      .getRepository(Ticket)
      .createQueryBuilder('t')
      .innerJoinAndSelect('t.category', 'category')
      .leftJoinAndMapOne('t.callerFollows', TicketFollower, 'f', 'f.ticket_id = t.id AND f.user_id = :me', { me: caller.userId })
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
      .andWhere('(t.reporter_id IS NULL OR t.reporter_id <> :me)')
      .orderBy('t.id', 'DESC')
      .limit(5);
    if (query.buildingId) qb.andWhere('(t.building_id = :b OR t.building_id IS NULL)', { b: query.buildingId });
    const [tickets, neighbour] = await Promise.all([qb.getMany(), this.isNeighbour(caller.userId, query.compoundId)]);
    return (tickets as Array<Ticket & { callerFollows?: TicketFollower | null }>).map((t) => ({
      id: t.id,
      categoryName: t.category!.name,
      placeLabel: buildingOnly(t.placeLabel),
      status: t.status,
      followerCount: t.followerCount,
      createdAt: iso(t.createdAt),
      // Following shows the whole description; whoever could follow may read its start first.
      descriptionSnippet: neighbour ? descriptionSnippet(t.description) : null,
      following: !!t.callerFollows,
    }));
  }

  /** Follow an open ticket; following twice changes nothing. */
  async follow(caller: Caller, id: number): Promise<TicketView> {
    const ticket = await this.db.getRepository(Ticket).findOneBy({ id });
    if (!ticket || !ticket.isOpen) throw notFound('TICKET_NOT_FOUND');
    // Followers read the description; a complainant who asked for anonymity did not write it for them.
    if (ticket.anonymous) throw new DomainError('TICKET_NOT_FOLLOWABLE', 409);
    // Neighbours follow what happens where they live; anyone else could read every open ticket by id.
    if (!(await this.isNeighbour(caller.userId, ticket.compoundId))) throw new DomainError('TICKET_FOLLOW_NOT_RESIDENT', 403);
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

  private isNeighbour(userId: number, compoundId: number): Promise<boolean> {
    return this.db.getRepository(Membership).existsBy({ compoundId, userId, status: 'verified' });
  }
}
