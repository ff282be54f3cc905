import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import {
  nextStatus,
  TICKET_ACTION_LABELS,
  ticketStatusLabel,
  TRANSITIONS,
  type TicketAction,
  type TicketStatus,
  type TicketView,
} from '@doorstep/contracts';
import { allows } from '../access/policy';
import type { Assignment, Caller } from '../common/auth/caller';
import { isSqliteDb } from '../common/database/dialect';
import { Category } from '../categories/category.entity';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../common/config/app-config';
import { isUniqueViolation } from '../common/database/db-errors';
import { DomainError, forbidden, unprocessable } from '../common/errors/domain-error';
import { NotificationsService, type NewNotification } from '../notifications/notifications.service';
import { Compound } from '../places/compound.entity';
import { UploadsService } from '../uploads/uploads.service';
import { RoleAssignment } from '../users/role-assignment.entity';
import type {
  AssignDto,
  FollowUpDto,
  HandBackDto,
  MergeDto,
  PauseDto,
  RateDto,
  ResolveDto,
  ReassignDto,
  RejectDto,
  TransitionDto,
  UrgeDto,
} from './dto/tickets.dto';
import { schedule, scheduleSettings } from './schedule';
import { computeDeadlines } from './sla';
import { displayRole, handlerChain, type TicketRelation } from './ticket-actors';
import { recordEvent } from './record-event';
import { TicketFollower } from './ticket-follower.entity';
import { countFollower, markSupervised } from './ticket-counters';
import { TicketLoader } from './ticket-loader.service';
import { assertMayTake, isMergeTarget, statusColumns } from './ticket-rules';
import { buildingOnly } from './ticket.view';
import { Ticket } from './ticket.entity';

/** What an action changes besides the status; `status` and `isOpen` come from statusColumns only. */
type Patch = Partial<Omit<Ticket, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'status' | 'isOpen'>>;

interface Outcome {
  patch: Patch;
  /** Where the request sends the ticket when it is not where the machine's table says (回访 not satisfied). */
  to?: TicketStatus;
  note: string | null;
  /** who hears about it, besides the reporter and the followers (unless `internal`) */
  notify?: 'handler' | 'assignee' | 'supervisors';
  /**
   * A hop between staff (退单): on the timeline for staff and supervisors only, as internal comments
   * are, and told to `notify` only, not to the reporter or the followers.
   */
  internal?: boolean;
  after?: (tx: EntityManager) => Promise<void>;
}

/** A state change decided (prepare) and not yet written (apply). */
interface PreparedChange {
  ticket: Ticket;
  rel: TicketRelation;
  action: TicketAction;
  outcome: Outcome;
  to: TicketStatus;
  patch: Patch;
  merged: Ticket;
  now: Date;
}

/** Work that stops when its assignee leaves: what the sweeper and the inboxes would otherwise wait on forever. */
const LEFT_BEHIND: readonly TicketStatus[] = ['assigned', 'in_progress', 'paused'];
const DEPARTED_NOTE = '人员离职，工单退回';
/**
 * 退单, by the worker or by the system when they leave: an internal hop back to the handler. The reason
 * is between the worker and their managers; the resident sees the status only.
 */
const HAND_BACK = { notify: 'handler', internal: true } as const satisfies Pick<Outcome, 'notify' | 'internal'>;

const ticketPage = (id: number) => `/packages/resident/ticket?id=${id}`;

/**
 * Deadlines counted afresh from `now` (divert, reopen, reassign, 回访 not satisfied) by the ticket's
 * category as its compound has it: TicketLoader joins the compound's setting (category_overrides) into
 * `t.category`, so these follow the same acceptMinutes/resolveHours as the ticket's intake did.
 */
const freshDeadlines = (t: Ticket, now: Date) => computeDeadlines(now, t.category!);

/**
 * Every state change of a ticket: allowed or refused by the shared machine alone (mayTake, the same
 * answer the buttons were built from), then checked against what the request carries (422), applied
 * as `UPDATE … WHERE id = ? AND version = ?` (a stale version is 409), and recorded as an event with
 * its notifications in the same transaction.
 */
@Injectable()
export class WorkflowService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly loader: TicketLoader,
    private readonly notifications: NotificationsService,
    private readonly uploads: UploadsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async act(caller: Caller, id: number, action: TicketAction, dto: TransitionDto): Promise<TicketView> {
    const loaded = await this.loader.load(caller, id);
    // A caller who decided on an older state is told someone acted first (the state they saw is gone),
    // before being told what the current state allows: the two answers read differently on the phone.
    if (dto.version !== loaded.ticket.version) throw this.conflict(loaded.ticket);
    const change = await this.prepare(caller, loaded, action, dto);
    await this.db.transaction((tx) => this.apply(tx, caller, change));
    return this.loader.view(caller, id);
  }

  /**
   * The same change inside the caller's transaction, judged against the ticket as it is now: a 回访
   * logged offline on a phone (民情走访) carries no version, the machine's rules decide (a second 回访
   * is refused), and a change committed in between still fails the conditional update (409).
   */
  async actIn(
    tx: EntityManager,
    caller: Caller,
    id: number,
    action: TicketAction,
    dto: Omit<TransitionDto, 'version'> & Record<string, unknown>,
  ): Promise<void> {
    const loaded = await this.loader.load(caller, id);
    const change = await this.prepare(caller, loaded, action, { ...dto, version: loaded.ticket.version } as TransitionDto);
    await this.apply(tx, caller, change);
  }

  /** Allowed or refused by the shared machine, and what the action changes. */
  private async prepare(
    caller: Caller,
    { ticket, rel }: { ticket: Ticket; rel: TicketRelation },
    action: TicketAction,
    dto: TransitionDto,
  ): Promise<PreparedChange> {
    assertMayTake(action, rel, ticket);
    const now = this.clock.now();
    const outcome = await this.outcome(action, ticket, dto, now, caller);
    // Allowed means the table leads somewhere (the resume guard knows where the pause came from).
    const to = outcome.to ?? nextStatus(ticket.status, action, ticket.pausedFrom)!;
    const patch = { ...outcome.patch, ...statusColumns(to) };
    const merged = { ...ticket, ...patch } as Ticket;
    Object.assign(patch, schedule(merged, now, scheduleSettings(this.config)));
    return { ticket, rel, action, outcome, to, patch, merged, now };
  }

  /** `UPDATE … WHERE version = ?`, the event and the notifications, in `tx`. */
  private async apply(tx: EntityManager, caller: Caller, c: PreparedChange): Promise<void> {
    const { ticket, outcome } = c;
    const res = await tx
      .createQueryBuilder()
      .update(Ticket)
      .set(c.patch)
      .where('id = :id AND version = :version', { id: ticket.id, version: ticket.version })
      .execute();
    if (!res.affected) throw this.conflict(await tx.getRepository(Ticket).findOneByOrFail({ id: ticket.id }));
    await recordEvent(tx, ticket, {
      actor: caller,
      role: this.actingRole(caller, c.rel, TRANSITIONS[c.action].by),
      action: c.action,
      from: ticket.status,
      to: c.to,
      note: outcome.note,
      internal: outcome.internal,
      at: c.now,
    });
    await outcome.after?.(tx);
    await this.notify(tx, caller.userId, c.merged, c.action, c.to, outcome);
  }

  /** 督办: a supervisor's nudge, on the timeline and in the handler's and assignee's notifications. */
  async urge(caller: Caller, id: number, dto: UrgeDto): Promise<TicketView> {
    const { ticket, rel } = await this.loader.load(caller, id);
    assertMayTake('urge', rel, ticket);
    await this.db.transaction(async (tx) => {
      await markSupervised(tx, id);
      await recordEvent(tx, ticket, {
        actor: caller,
        role: this.actingRole(caller, rel, ['supervisor']),
        action: 'urge',
        note: dto.note,
        at: this.clock.now(),
      });
      const recipients = [...(await this.loader.handlerUserIds(tx, ticket)), ...(ticket.assigneeId ? [ticket.assigneeId] : [])];
      await this.notifications.enqueue(
        tx,
        recipients.map((userId) => ({
          userId,
          ticketId: id,
          kind: 'ticket_status' as const,
          title: `督办：${ticket.category!.name}`,
          body: dto.note,
          page: `/packages/staff/ticket?id=${id}`,
        })),
      );
    });
    return this.loader.view(caller, id);
  }

  /**
   * Someone lost a role (DELETE /role-assignments/:id): the tickets assigned to them that they could work
   * before and may no longer work now (ticket.work over the handling organisation, the rule `assign`
   * checks) go back to the handler as a system 退单: accepted, unassigned, on the staff's timeline
   * (internal, as every 退单), the handler's managers told and nobody else. Paused ones too, their deadline moved as a resume would. Runs in the caller's
   * transaction, so the role and the tickets change together; returns how many went back.
   */
  async handBackOnRoleLoss(
    tx: EntityManager,
    userId: number,
    before: readonly Assignment[],
    after: readonly Assignment[],
  ): Promise<number> {
    const qb = tx
      .getRepository(Ticket)
      .createQueryBuilder('t')
      // idx_tickets_assignee (assignee_id, is_open, …)
      .where('t.assignee_id = :userId AND t.is_open = :open AND t.status IN (:...statuses)', {
        userId,
        open: true,
        statuses: LEFT_BEHIND,
      });
    // Locked, so a transition racing the revocation waits for it (SQLite runs one writer at a time anyway).
    if (!isSqliteDb(this.db)) qb.setLock('pessimistic_write');
    const mine = await qb.getMany();
    const lost = mine.filter(
      (t) => allows([...before], 'ticket.work', handlerChain(t)) && !allows([...after], 'ticket.work', handlerChain(t)),
    );
    if (!lost.length) return 0;
    // For the notifications' titles only: handing back recomputes no deadline (schedule() reads the ticket's own).
    const categories = new Map(
      (await tx.getRepository(Category).findBy({ id: In([...new Set(lost.map((t) => t.categoryId))]) })).map((c) => [c.id, c]),
    );
    const now = this.clock.now();
    for (const ticket of lost) {
      ticket.category = categories.get(ticket.categoryId);
      const patch: Patch & Pick<Ticket, 'status' | 'isOpen'> = {
        assigneeId: null,
        ...(ticket.status === 'paused' ? this.unpaused(ticket, now) : {}),
        ...statusColumns('accepted'),
      };
      const merged = { ...ticket, ...patch } as Ticket;
      Object.assign(patch, schedule(merged, now, scheduleSettings(this.config)));
      const res = await tx
        .createQueryBuilder()
        .update(Ticket)
        .set(patch)
        .where('id = :id AND version = :version', { id: ticket.id, version: ticket.version })
        .execute();
      // Only without the lock: the revocation fails as a whole and the admin tries again.
      if (!res.affected) throw this.conflict(await tx.getRepository(Ticket).findOneByOrFail({ id: ticket.id }));
      await recordEvent(tx, ticket, {
        actor: 'system',
        action: 'hand_back',
        from: ticket.status,
        to: 'accepted',
        note: DEPARTED_NOTE,
        internal: HAND_BACK.internal,
        at: now,
      });
      await this.notify(tx, null, merged, 'hand_back', 'accepted', HAND_BACK);
    }
    return lost.length;
  }

  private conflict(current: Ticket): DomainError {
    return new DomainError('VERSION_CONFLICT', 409, { currentVersion: current.version, status: current.status });
  }

  /** What the action changes besides the status, and what it needs checked first. */
  private async outcome(action: TicketAction, t: Ticket, dto: TransitionDto, now: Date, caller: Caller): Promise<Outcome> {
    const note = dto.note ?? null;
    switch (action) {
      case 'accept':
        return { patch: { acceptedAt: now, acceptBreached: t.acceptBreached || now > t.acceptDeadline }, note };
      case 'reject':
        return { patch: { acceptedAt: t.acceptedAt ?? now }, note: (dto as RejectDto).reason, notify: 'supervisors' };
      case 'assign':
      case 'transfer': {
        const assigneeId = (dto as AssignDto).assigneeId;
        await this.checkAssignee(t, assigneeId);
        if (action === 'transfer' && assigneeId === t.assigneeId) {
          throw unprocessable('ASSIGNEE_INVALID', [{ field: 'assigneeId', problems: ['already assigned to this person'] }]);
        }
        return { patch: { assigneeId }, note, notify: 'assignee' };
      }
      case 'divert': {
        const { acceptDeadline } = freshDeadlines(t, now);
        return {
          patch: {
            handlerType: 'community',
            handlerCompanyId: null,
            assigneeId: null,
            acceptDeadline,
            acceptedAt: null,
            supervised: true,
          },
          note,
          notify: 'handler',
        };
      }
      case 'start':
        return { patch: {}, note };
      case 'pause': {
        const p = dto as PauseDto;
        return {
          patch: { pausedAt: now, pausedFrom: t.status, pauseReason: p.reason, pauseUntil: p.until ? new Date(p.until) : null },
          note: p.reason,
        };
      }
      case 'resume':
        return { patch: this.unpaused(t, now), note };
      case 'resolve': {
        const photoIds = (dto as ResolveDto).photoIds ?? [];
        return {
          patch: { resolvedAt: now, resolveBreached: t.resolveBreached || now > t.resolveDeadline },
          note,
          after: photoIds.length ? (tx) => this.uploads.attach(caller.userId, photoIds, 'ticket_resolve', t.id, tx) : undefined,
        };
      }
      case 'cancel':
        return { patch: { closedAt: now }, note, notify: 'handler' };
      case 'rate': {
        const r = dto as RateDto;
        return {
          patch: {
            closedAt: now,
            rating: r.overall,
            ratingSpeed: r.speed ?? null,
            ratingAttitude: r.attitude ?? null,
            ratingComment: r.comment ?? null,
          },
          note: r.comment ?? null,
          notify: 'assignee',
        };
      }
      case 'reopen':
        return { patch: { ...this.reopened(t, now), resolvedAt: null }, note, notify: 'assignee' };
      case 'appeal':
        return {
          patch: { escalationLevel: Math.max(1, t.escalationLevel), supervised: true, dueAt: null, timerAt: null },
          note,
          notify: 'supervisors',
        };
      case 'uphold':
        return { patch: { closedAt: now }, note };
      case 'reassign':
        return { patch: await this.reassigned(t, dto as ReassignDto, now), note, notify: 'handler' };
      case 'merge':
        return this.merge(t, dto as MergeDto, now);
      case 'follow_up': {
        const satisfied = (dto as FollowUpDto).satisfied;
        if (satisfied) return { patch: { followUp: 'satisfied' }, note };
        return {
          to: 'in_progress',
          patch: {
            ...this.reopened(t, now),
            followUp: 'unsatisfied',
            escalationLevel: Math.max(1, t.escalationLevel),
            supervised: true,
            closedAt: null,
            resolvedAt: null,
            timerAt: null,
          },
          note,
          notify: 'handler',
        };
      }
      case 'hand_back':
        // Back where a freshly accepted ticket is: unassigned, in the handler's inbox, due at the same
        // resolve deadline (schedule() recomputes dueAt/timerAt from the status). Handing back buys no
        // time: the resident's clock keeps running.
        return { patch: { assigneeId: null }, note: (dto as HandBackDto).reason, ...HAND_BACK };
      case 'close':
        throw forbidden({ action });
    }
  }

  /** Out of a pause: the resolve clock stopped while paused, so the deadline moves by the time spent waiting. */
  private unpaused(t: Ticket, now: Date): Patch {
    const waited = t.pausedAt ? now.getTime() - t.pausedAt.getTime() : 0;
    return {
      resolveDeadline: new Date(t.resolveDeadline.getTime() + waited),
      pausedAt: null,
      pausedFrom: null,
      pauseReason: null,
      pauseUntil: null,
    };
  }

  /** Back to work with a fresh resolve deadline from the category's policy (in this compound); counted. */
  private reopened(t: Ticket, now: Date): Patch {
    return { reopenCount: t.reopenCount + 1, resolveDeadline: freshDeadlines(t, now).resolveDeadline };
  }

  private async reassigned(t: Ticket, dto: ReassignDto, now: Date): Promise<Patch> {
    // Handed back to work: a fresh resolve deadline, or it would count as late the moment it is done.
    const back: Patch = {
      assigneeId: null,
      acceptedAt: t.acceptedAt ?? now,
      pausedAt: null,
      pausedFrom: null,
      resolveDeadline: freshDeadlines(t, now).resolveDeadline,
    };
    if (dto.handlerType === 'company') {
      const compound = await this.db.getRepository(Compound).findOneByOrFail({ id: t.compoundId });
      if (compound.companyId === null) {
        throw unprocessable('VALIDATION_FAILED', [{ field: 'handlerType', problems: ['this compound has no property company'] }]);
      }
      return { ...back, handlerType: 'company', handlerCompanyId: compound.companyId };
    }
    return { ...back, handlerType: 'community', handlerCompanyId: null };
  }

  private async merge(t: Ticket, dto: MergeDto, now: Date): Promise<Outcome> {
    const target = await this.db.getRepository(Ticket).findOneBy({ id: dto.duplicateOfId });
    if (!target || !isMergeTarget(t, target)) {
      throw unprocessable('DUPLICATE_INVALID', [{ field: 'duplicateOfId', problems: ['an open ticket of the same compound'] }]);
    }
    return {
      patch: { closedAt: now, duplicateOfId: target.id },
      note: dto.note ?? `与工单 #${target.id} 重复`,
      after: async (tx) => {
        // An anonymous complaint is read by nobody its author did not choose.
        if (t.reporterId === null || t.reporterId === target.reporterId || target.anonymous) return;
        try {
          await tx.insert(TicketFollower, { ticketId: target.id, userId: t.reporterId, createdAt: now });
          await countFollower(tx, target.id);
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
        }
      },
    };
  }

  /** Only someone who works for the handler (company staff/managers, or the community) can be assigned. */
  private async checkAssignee(t: Ticket, assigneeId: number): Promise<void> {
    const assignments = await this.db.getRepository(RoleAssignment).find({ where: { userId: assigneeId } });
    if (!allows(assignments, 'ticket.work', handlerChain(t))) {
      throw unprocessable('ASSIGNEE_INVALID', [{ field: 'assigneeId', problems: ['not a worker of the handling organisation'] }]);
    }
  }

  /** The role shown on the timeline for this action. */
  private actingRole(caller: Caller, rel: TicketRelation, by: readonly string[]): string {
    return by.includes('reporter') && rel.actors.includes('reporter') ? 'reporter' : displayRole(caller);
  }

  /**
   * Who hears of a status change: the reporter, the followers (我也遇到, and reporters of duplicates
   * merged into it), and whoever the action concerns — never the person who acted (`actorId`; null
   * for the system). Followers read the
   * ticket as followers do (building only, no names), so their text says no more. An internal change
   * (退单) is told to whoever it concerns only.
   */
  private async notify(
    tx: EntityManager,
    actorId: number | null,
    t: Ticket,
    action: TicketAction,
    to: TicketStatus,
    { notify: who, internal }: Pick<Outcome, 'notify' | 'internal'>,
  ): Promise<void> {
    const title = `${t.category?.name ?? '工单'}：${ticketStatusLabel({ status: to, duplicateOfId: t.duplicateOfId })}`;
    const items: NewNotification[] = [];
    const add = (userIds: number[], page: string, placeLabel = t.placeLabel) => {
      const body = `${TICKET_ACTION_LABELS[action]} · ${placeLabel}`;
      for (const userId of userIds)
        if (userId !== actorId) items.push({ userId, ticketId: t.id, kind: 'ticket_status', title, body, page });
    };
    if (!internal) {
      if (t.reporterId !== null) add([t.reporterId], ticketPage(t.id));
      // Before the staff below: a follower who also works on the ticket gets the staff notification.
      add(await this.followerIds(tx, t), ticketPage(t.id), buildingOnly(t.placeLabel));
    }
    if (who === 'assignee' && t.assigneeId) add([t.assigneeId], `/packages/staff/ticket?id=${t.id}`);
    if (who === 'handler') add(await this.loader.handlerUserIds(tx, t), `/packages/staff/ticket?id=${t.id}`);
    if (who === 'supervisors')
      add(await this.loader.supervisorUserIds(tx, t, t.escalationLevel), `/packages/supervisor/ticket?id=${t.id}`);
    await this.notifications.enqueue(tx, items);
  }

  /**
   * One read by primary key prefix, however many follow; none at all for the many tickets nobody
   * follows (follower_count was read with the ticket, and following never goes away).
   */
  private async followerIds(tx: EntityManager, t: Ticket): Promise<number[]> {
    if (t.followerCount === 0) return [];
    const rows = await tx.getRepository(TicketFollower).find({ select: { userId: true }, where: { ticketId: t.id } });
    return rows.map((r) => r.userId);
  }
}
