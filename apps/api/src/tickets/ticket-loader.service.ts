import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager } from 'typeorm';
import type { Role, TicketEventView, TicketPhotoView, TicketView } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { notFound } from '../common/errors/domain-error';
import { Community } from '../places/community.entity';
import { Category } from '../categories/category.entity';
import { CategoryOverride } from '../categories/category-override.entity';
import { effectiveCategory } from '../categories/effective-category';
import { CompiledSelect, rowMapper } from '../common/database/compiled-select';
import { Building } from '../places/building.entity';
import { Compound } from '../places/compound.entity';
import { User } from '../users/user.entity';
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
  /** The company, or the community's 共享物业社, handling the ticket. */
  handlerName: string;
}

/** Raw columns the loading statement adds beside the entities. */
interface LoadedExtras {
  viewer_follows: number | string | null;
  handler_company_name: string | null;
  handler_community_name: string | null;
}

/** What a loaded ticket's joined rows hold (ticket.view, ticket-actors, sla.computeDeadlines, notifications). */
export const JOINED_COLUMNS = {
  category: [
    'category.id',
    'category.name',
    'category.kind',
    'category.priority',
    'category.acceptMinutes',
    'category.resolveHours',
    'category.active',
  ],
  /** The compound's setting of a shared default category (category_overrides), if it made one. */
  setting: ['setting.id', 'setting.acceptMinutes', 'setting.resolveHours', 'setting.active'],
  compound: ['compound.id', 'compound.name', 'compound.communityId', 'compound.managementMode', 'compound.companyId'],
  building: ['building.id', 'building.name', 'building.gridId'],
  assignee: ['assignee.id', 'assignee.name'],
};

function handlerNameOf(t: Ticket, extras: LoadedExtras | undefined): string {
  return t.handlerType === 'company'
    ? (extras?.handler_company_name ?? '物业公司')
    : `${extras?.handler_community_name ?? '社区'}（共享物业社）`;
}

/** The entity mappers of the loading statement, worked out once (see rowMapper). */
function ticketMappers(db: DataSource) {
  const strip = (alias: string) => JOINED_COLUMNS[alias as keyof typeof JOINED_COLUMNS].map((p) => p.slice(alias.length + 1));
  return {
    ticket: rowMapper(db, Ticket, 't'),
    category: rowMapper(db, Category, 'category', strip('category')),
    setting: rowMapper(db, CategoryOverride, 'setting', strip('setting')),
    compound: rowMapper(db, Compound, 'compound', strip('compound')),
    building: rowMapper(db, Building, 'building', strip('building')),
    assignee: rowMapper(db, User, 'assignee', strip('assignee')),
  };
}

/** Loading tickets with what every view and check needs, and the caller's relation to each. */
@Injectable()
export class TicketLoader {
  private mappers: ReturnType<typeof ticketMappers> | null = null;
  /** By the number of ids: parameters are the viewer's id, then the ids. */
  private readonly loading = new CompiledSelect<number>(
    (count, [viewerId, ...ids]) => this.loadingQuery(viewerId, ids.slice(0, count)),
    () => [
      ...Object.values(this.mappersOf()).flatMap((m) => m.keys),
      'viewer_follows',
      'handler_company_name',
      'handler_community_name',
    ],
  );

  private mappersOf() {
    return (this.mappers ??= ticketMappers(this.db));
  }

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly uploads: UploadsService,
  ) {}

  async load(caller: Caller, id: number, manager: EntityManager = this.db.manager): Promise<LoadedTicket> {
    const loaded = (await this.loadMany(caller, [id], manager)).get(id);
    if (!loaded?.rel.canRead) throw notFound('TICKET_NOT_FOUND');
    return loaded;
  }

  /**
   * These tickets (those that exist) in one statement: category (as the ticket's compound has it),
   * compound, building and assignee joined, with whether the caller follows each and the handler's
   * name, so a page of tickets or one ticket costs the same single round trip. The caller's relation is computed, not checked: lists
   * drop what `rel.canRead` refuses.
   */
  async loadMany(
    caller: Caller,
    ids: readonly number[],
    manager: EntityManager = this.db.manager,
  ): Promise<Map<number, LoadedTicket>> {
    const out = new Map<number, LoadedTicket>();
    if (!ids.length) return out;
    const sample = [-1, ...ids.map((_, i) => -2 - i)];
    const rows = await this.loading.run(manager, ids.length, [caller.userId, ...ids], sample);
    const m = this.mappersOf();
    // Every join is to-one: one row per ticket.
    for (const row of rows) {
      const ticket = m.ticket.map(row)!;
      // As the ticket's compound has it: every deadline recomputed on a transition follows the compound's settings.
      ticket.category = effectiveCategory(m.category.map(row)!, m.setting.map(row));
      ticket.compound = m.compound.map(row)!;
      ticket.building = m.building.map(row);
      ticket.assignee = m.assignee.map(row);
      const extra = row as unknown as LoadedExtras;
      out.set(ticket.id, {
        ticket,
        rel: relate(caller, ticket, ticket.building?.gridId ?? null, extra.viewer_follows !== null),
        handlerName: handlerNameOf(ticket, extra),
      });
    }
    return out;
  }

  private loadingQuery(viewerId: unknown, ids: unknown[]) {
    return (
      this.db
        .getRepository(Ticket)
        .createQueryBuilder('t')
        // Of the joined rows only what views, rules and deadlines read: fewer columns to send and map.
        .innerJoin('t.category', 'category')
        .addSelect(JOINED_COLUMNS.category)
        // uq_category_overrides_compound_category: at most one row, found by its unique key.
        .leftJoin(CategoryOverride, 'setting', 'setting.category_id = t.category_id AND setting.compound_id = t.compound_id')
        .addSelect(JOINED_COLUMNS.setting)
        .innerJoin('t.compound', 'compound')
        .addSelect(JOINED_COLUMNS.compound)
        .leftJoin('t.building', 'building')
        .addSelect(JOINED_COLUMNS.building)
        .leftJoin('t.assignee', 'assignee')
        .addSelect(JOINED_COLUMNS.assignee)
        .leftJoin(TicketFollower, 'viewer', 'viewer.ticket_id = t.id AND viewer.user_id = :viewerId', { viewerId })
        .leftJoin(PropertyCompany, 'hco', 'hco.id = t.handler_company_id')
        .leftJoin(Community, 'hcm', "hcm.id = t.community_id AND t.handler_type = 'community'")
        .addSelect('viewer.user_id', 'viewer_follows')
        .addSelect('hco.name', 'handler_company_name')
        .addSelect('hcm.name', 'handler_community_name')
        .where('t.id IN (:...ids)', { ids })
    );
  }

  /**
   * The detail view, with photos (lists leave them out to stay light): two statements, or one when the
   * caller knows there are none (a report just filed without photos).
   */
  async view(caller: Caller, id: number, options: { withoutPhotos?: boolean } = {}): Promise<TicketView> {
    const { ticket, rel, handlerName } = await this.load(caller, id);
    return ticketView(ticket, rel, handlerName, options.withoutPhotos ? [] : await this.photos(id));
  }

  private async photos(id: number): Promise<TicketPhotoView[]> {
    const attached = await this.uploads.listAttachedAs(['ticket', 'ticket_resolve'], id);
    const stage = { ticket: 'report', ticket_resolve: 'resolve' } as const;
    // Report photos first, then the proof of the work, each in upload order.
    return (['ticket', 'ticket_resolve'] as const).flatMap((kind) =>
      (attached.get(kind) ?? []).map((p) => ({ id: p.id, url: p.url, thumbUrl: p.thumbUrl, stage: stage[kind] })),
    );
  }

  async timeline(caller: Caller, id: number): Promise<TicketEventView[]> {
    const { ticket, rel } = await this.load(caller, id);
    const events = await this.db.getRepository(TicketEvent).find({ where: { ticketId: id }, order: { id: 'ASC' } });
    return events.filter((e) => rel.seesInternal || !e.internal).map((e) => eventView(e, rel, ticket.reporterId));
  }

  /** The people who handle a ticket now: the company's (or compound's) managers, or the community admins. */
  async handlerUserIds(
    manager: EntityManager,
    t: Pick<Ticket, 'handlerType' | 'handlerCompanyId' | 'compoundId' | 'communityId'>,
  ): Promise<number[]> {
    const rows =
      t.handlerType === 'company' && t.handlerCompanyId !== null
        ? await this.handlers.run(manager, 'company', ['manager', t.handlerCompanyId, t.compoundId], ['?role', -1, -2])
        : await this.handlers.run(manager, 'community', ['community_admin', t.communityId], ['?role', -1]);
    return rows.map((r) => Number(r.userId));
  }

  /** Managers of a company or its compound, or admins of a community: asked on every new ticket. */
  private readonly handlers = new CompiledSelect<'company' | 'community'>(
    (shape, [role, scope, compound]) => {
      const qb = this.db
        .createQueryBuilder()
        .select('DISTINCT a.user_id', 'userId')
        .from('role_assignments', 'a')
        .where('a.role = :role', { role: role as Role });
      return shape === 'company'
        ? qb.andWhere(
            "((a.scope_type = 'company' AND a.scope_id = :company) OR (a.scope_type = 'compound' AND a.scope_id = :compound))",
            { company: scope, compound },
          )
        : qb.andWhere("a.scope_type = 'community' AND a.scope_id = :community", { community: scope });
    },
    () => ['userId'],
  );

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
