import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Role, TicketEventView, TicketPhotoView, TicketView } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { notFound } from '../common/errors/domain-error';
import { Building } from '../places/building.entity';
import { Community } from '../places/community.entity';
import { UploadsService } from '../uploads/uploads.service';
import { PropertyCompany } from '../places/company.entity';
import { relate, type TicketRelation } from './ticket-actors';
import { TicketEvent } from './ticket-event.entity';
import { TicketFollower } from './ticket-follower.entity';
import { eventView, ticketView } from './ticket.view';
import { Ticket } from './ticket.entity';

export interface LoadedTicket {
  ticket: Ticket;
  rel: TicketRelation;
}

/** Loading a ticket with what every view and check needs, and the caller's relation to it. */
@Injectable()
export class TicketLoader {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly uploads: UploadsService,
  ) {}

  async load(caller: Caller, id: number, manager: EntityManager = this.db.manager): Promise<LoadedTicket> {
    const ticket = await manager
      .getRepository(Ticket)
      .createQueryBuilder('t')
      .innerJoinAndSelect('t.category', 'category')
      .innerJoinAndSelect('t.compound', 'compound')
      .leftJoinAndSelect('t.building', 'building')
      .leftJoinAndSelect('t.assignee', 'assignee')
      .where('t.id = :id', { id })
      .getOne();
    if (!ticket) throw notFound('TICKET_NOT_FOUND');
    const rel = await this.relation(caller, ticket, manager);
    if (!rel.canRead) throw notFound('TICKET_NOT_FOUND');
    return { ticket, rel };
  }

  async relation(caller: Caller, ticket: Ticket, manager: EntityManager = this.db.manager): Promise<TicketRelation> {
    const following = await manager.getRepository(TicketFollower).existsBy({ ticketId: ticket.id, userId: caller.userId });
    return relate(caller, ticket, ticket.building?.gridId ?? (await this.gridOf(ticket, manager)), following);
  }

  private async gridOf(ticket: Ticket, manager: EntityManager): Promise<number | null> {
    if (ticket.buildingId === null) return null;
    return (await manager.getRepository(Building).findOneBy({ id: ticket.buildingId }))?.gridId ?? null;
  }

  /** The detail view, with photos (lists leave them out to stay light). */
  async view(caller: Caller, id: number): Promise<TicketView> {
    const { ticket, rel } = await this.load(caller, id);
    return ticketView(ticket, rel, await this.handlerName(ticket), await this.photos(id));
  }

  private async photos(id: number): Promise<TicketPhotoView[]> {
    const out: TicketPhotoView[] = [];
    for (const [kind, stage] of [
      ['ticket', 'report'],
      ['ticket_resolve', 'resolve'],
    ] as const) {
      for (const p of (await this.uploads.listAttached(kind, [id])).get(id) ?? [])
        out.push({ id: p.id, url: p.url, thumbUrl: p.thumbUrl, stage });
    }
    return out;
  }

  async handlerName(ticket: Ticket): Promise<string> {
    return (await this.handlerNames([ticket]))(ticket);
  }

  /** Names of the companies and communities handling these tickets, in two queries. */
  async handlerNames(tickets: Ticket[]): Promise<(t: Ticket) => string> {
    const companyIds = [...new Set(tickets.map((t) => t.handlerCompanyId).filter((id): id is number => id !== null))];
    const communityIds = [...new Set(tickets.filter((t) => t.handlerType === 'community').map((t) => t.communityId))];
    const companies = companyIds.length ? await this.db.getRepository(PropertyCompany).findBy({ id: In(companyIds) }) : [];
    const communities = communityIds.length ? await this.db.getRepository(Community).findBy({ id: In(communityIds) }) : [];
    return (t) =>
      t.handlerType === 'company'
        ? (companies.find((c) => c.id === t.handlerCompanyId)?.name ?? '物业公司')
        : `${communities.find((c) => c.id === t.communityId)?.name ?? '社区'}（共享物业社）`;
  }

  async timeline(caller: Caller, id: number): Promise<TicketEventView[]> {
    const { ticket, rel } = await this.load(caller, id);
    const events = await this.db.getRepository(TicketEvent).find({ where: { ticketId: id }, order: { id: 'ASC' } });
    return events.filter((e) => rel.isStaff || !e.internal).map((e) => eventView(e, rel, ticket.reporterId));
  }

  /** The people who handle a ticket now: the company's (or compound's) managers, or the community admins. */
  async handlerUserIds(
    manager: EntityManager,
    t: Pick<Ticket, 'handlerType' | 'handlerCompanyId' | 'compoundId' | 'communityId'>,
  ): Promise<number[]> {
    const role: Role = t.handlerType === 'company' ? 'manager' : 'community_admin';
    const qb = manager
      .createQueryBuilder()
      .select('DISTINCT a.user_id', 'userId')
      .from('role_assignments', 'a')
      .where('a.role = :role', { role });
    if (t.handlerType === 'company' && t.handlerCompanyId !== null) {
      qb.andWhere(
        "((a.scope_type = 'company' AND a.scope_id = :company) OR (a.scope_type = 'compound' AND a.scope_id = :compound))",
        {
          company: t.handlerCompanyId,
          compound: t.compoundId,
        },
      );
    } else {
      qb.andWhere("a.scope_type = 'community' AND a.scope_id = :community", { community: t.communityId });
    }
    return (await qb.getRawMany<{ userId: number }>()).map((r) => Number(r.userId));
  }

  /** Community admins of the ticket's community (and, at level 2, street admins). */
  async supervisorUserIds(manager: EntityManager, t: Pick<Ticket, 'communityId' | 'streetId'>, level: number): Promise<number[]> {
    const rows = await manager
      .createQueryBuilder()
      .select('DISTINCT a.user_id', 'userId')
      .from('role_assignments', 'a')
      .where(
        level >= 2
          ? "(a.role = 'community_admin' AND a.scope_type = 'community' AND a.scope_id = :c) OR (a.role = 'street_admin' AND a.scope_type = 'street' AND a.scope_id = :s)"
          : "a.role = 'community_admin' AND a.scope_type = 'community' AND a.scope_id = :c",
        { c: t.communityId, s: t.streetId },
      )
      .getRawMany<{ userId: number }>();
    return rows.map((r) => Number(r.userId));
  }
}
