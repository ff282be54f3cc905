import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { VISIT_LIMITS, type SyncVisitResult, type SyncVisitsView } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { isDeadlock, isUniqueViolation } from '../common/database/db-errors';
import { DomainError, unprocessable } from '../common/errors/domain-error';
import { Household } from '../households/household.entity';
import { Compound } from '../places/compound.entity';
import { IntakeService } from '../tickets/intake.service';
import { Ticket } from '../tickets/ticket.entity';
import { WorkflowService } from '../tickets/workflow.service';
import { UploadsService } from '../uploads/uploads.service';
import type { NewVisitDto } from './dto/visits.dto';
import { VisitAccess } from './visit-access';
import { Visit } from './visit.entity';

const DAY_MS = 86_400_000;
/** A deadlock rolls the visit's transaction back whole; running it again is safe. */
const DEADLOCK_ATTEMPTS = 3;

/** Where a visit happened, resolved and checked before anything is written. */
interface VisitPlace {
  compoundId: number;
  communityId: number;
  gridId: number | null;
  householdId: number | null;
}

const refused = (clientId: string, e: DomainError): SyncVisitResult => ({
  clientId,
  status: 'refused',
  visitId: null,
  ticketId: null,
  error: { code: e.code, message: e.message },
});

/**
 * POST /visits/sync: a phone's queue of visits, one at a time in the order sent, each in its own
 * transaction with the ticket its 诉求 becomes and the 回访 it records. A visit is stored once per
 * worker and client id: a resend (or the same batch sent twice at once: the unique key decides, the
 * loser reads the winner's row) answers `duplicate` with the first answer's ids. A visit the data
 * refuses comes back `refused` with a message the worker can read; the others go on.
 */
@Injectable()
export class VisitSyncService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly visitAccess: VisitAccess,
    private readonly intake: IntakeService,
    private readonly workflow: WorkflowService,
    private readonly uploads: UploadsService,
    private readonly clock: Clock,
  ) {}

  async sync(caller: Caller, visits: NewVisitDto[]): Promise<SyncVisitsView> {
    const results: SyncVisitResult[] = [];
    // In order, not in parallel: a 回访 and the visit before it may concern the same ticket.
    for (const visit of visits) results.push(await this.syncOne(caller, visit));
    return { results };
  }

  private async syncOne(caller: Caller, v: NewVisitDto): Promise<SyncVisitResult> {
    const earlier = await this.stored(caller.userId, v.clientId);
    if (earlier) return earlier;
    try {
      this.checkShape(v);
      const place = await this.resolvePlace(caller, v);
      return await this.storeRetrying(caller, v, place);
    } catch (e) {
      // Another request stored this very visit while we were at it: theirs is the answer.
      if (isUniqueViolation(e)) {
        const winner = await this.stored(caller.userId, v.clientId);
        if (winner) return winner;
        // The other unique key: another visit recorded this ticket's 回访 at the same moment.
        return refused(v.clientId, unprocessable('TICKET_INVALID_TRANSITION'));
      }
      if (e instanceof DomainError) return refused(v.clientId, e);
      throw e;
    }
  }

  /** The visit as stored before, answered as a duplicate. */
  private async stored(workerId: number, clientId: string): Promise<SyncVisitResult | null> {
    const row = await this.db.getRepository(Visit).findOne({
      select: { id: true, ticketId: true },
      where: { workerId, clientId },
    });
    return row ? { clientId, status: 'duplicate', visitId: row.id, ticketId: row.ticketId, error: null } : null;
  }

  /** What a visit must say of itself: one place, a time the phone could have meant, 诉求 and 回访 only where they belong. */
  private checkShape(v: NewVisitDto): void {
    const atHousehold = v.householdId !== undefined;
    if (atHousehold === (v.placeName !== undefined) || (!atHousehold && v.compoundId === undefined)) {
      throw unprocessable('VISIT_PLACE_INVALID', [
        { field: 'householdId', problems: ['a household, or a compound and a place name'] },
      ]);
    }
    const now = this.clock.now().getTime();
    const at = Date.parse(v.visitedAt);
    if (at > now + VISIT_LIMITS.clockSkewMaxMs) {
      throw unprocessable('VISIT_TIME_IN_FUTURE', [{ field: 'visitedAt', problems: ['later than now'] }]);
    }
    if (at < now - VISIT_LIMITS.ageMaxDays * DAY_MS) {
      throw unprocessable('VISIT_TIME_TOO_OLD', [
        { field: 'visitedAt', problems: [`older than ${VISIT_LIMITS.ageMaxDays} days`] },
      ]);
    }
    const metAtHome = atHousehold && v.outcome === 'met';
    if (v.request && !metAtHome) {
      throw unprocessable('VISIT_REQUEST_INVALID', [{ field: 'request', problems: ['only on a visit that met the household'] }]);
    }
    // A 回访 that met the household says how it went; one that found nobody home records no outcome.
    const followUpExpected = v.kind === 'follow_up' && metAtHome;
    if (!!v.followUp !== followUpExpected) {
      throw unprocessable('VISIT_FOLLOW_UP_INVALID', [
        { field: 'followUp', problems: ['a follow_up visit that met the household, and only such a visit, has a followUp'] },
      ]);
    }
  }

  private async resolvePlace(caller: Caller, v: NewVisitDto): Promise<VisitPlace> {
    if (v.householdId !== undefined) {
      const { gridId } = await this.visitAccess.householdToVisit(caller, v.householdId);
      const h = await this.db.getRepository(Household).findOneByOrFail({ id: v.householdId });
      if (v.compoundId !== undefined && v.compoundId !== h.compoundId) {
        throw unprocessable('VISIT_PLACE_INVALID', [{ field: 'compoundId', problems: ["not the household's compound"] }]);
      }
      return { compoundId: h.compoundId, communityId: await this.communityOf(h.compoundId), gridId, householdId: h.id };
    }
    const { gridId } = await this.visitAccess.compoundToVisit(caller, v.compoundId!);
    return { compoundId: v.compoundId!, communityId: await this.communityOf(v.compoundId!), gridId, householdId: null };
  }

  private async communityOf(compoundId: number): Promise<number> {
    return (await this.db.getRepository(Compound).findOneByOrFail({ id: compoundId })).communityId;
  }

  private async storeRetrying(caller: Caller, v: NewVisitDto, place: VisitPlace): Promise<SyncVisitResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((tx) => this.store(tx, caller, v, place));
      } catch (e) {
        if (!isDeadlock(e) || attempt >= DEADLOCK_ATTEMPTS) throw e;
      }
    }
  }

  /** The visit row first: a concurrent copy of it waits on the unique key here and loses before doing anything else. */
  private async store(tx: EntityManager, caller: Caller, v: NewVisitDto, place: VisitPlace): Promise<SyncVisitResult> {
    const { identifiers } = await tx.insert(Visit, {
      clientId: v.clientId,
      workerId: caller.userId,
      ...place,
      placeName: v.placeName ?? null,
      kind: v.kind,
      outcome: v.outcome,
      notes: v.notes ?? null,
      visitedAt: new Date(v.visitedAt),
      receivedAt: this.clock.now(),
      latitudeE6: v.location ? Math.round(v.location.latitude * 1e6) : null,
      longitudeE6: v.location ? Math.round(v.location.longitude * 1e6) : null,
      ticketId: null,
      // Set once the machine has taken the 回访 (recordFollowUp): its refusal is the one the worker reads.
      followUpTicketId: null,
      followUpOutcome: null,
    });
    const visitId = identifiers[0].id as number;
    if (v.photoIds?.length) await this.uploads.attach(caller.userId, v.photoIds, 'visit', visitId, tx);
    const ticketId = v.request ? await this.fileRequest(tx, caller, v, place, visitId) : null;
    if (v.followUp) await this.recordFollowUp(tx, caller, v, place, visitId);
    return { clientId: v.clientId, status: 'stored', visitId, ticketId, error: null };
  }

  /** 诉求 → a ticket on the household's behalf (source grid_visit), linked to the visit. */
  private async fileRequest(
    tx: EntityManager,
    caller: Caller,
    v: NewVisitDto,
    place: VisitPlace,
    visitId: number,
  ): Promise<number> {
    const ticketId = await this.intake.fileIn(tx, caller, {
      compoundId: place.compoundId,
      householdId: place.householdId!,
      categoryId: v.request!.categoryId,
      description: v.request!.description,
      source: 'grid_visit',
    });
    await tx.update(Visit, { id: visitId }, { ticketId });
    return ticketId;
  }

  /** 回访 of one of this household's tickets, through the ticket machine (satisfied stays closed, not satisfied reopens). */
  private async recordFollowUp(
    tx: EntityManager,
    caller: Caller,
    v: NewVisitDto,
    place: VisitPlace,
    visitId: number,
  ): Promise<void> {
    const { ticketId, outcome, note } = v.followUp!;
    const ticket = await tx.getRepository(Ticket).findOne({ select: { id: true, householdId: true }, where: { id: ticketId } });
    if (!ticket || ticket.householdId !== place.householdId) {
      throw unprocessable('VISIT_FOLLOW_UP_INVALID', [
        { field: 'followUp.ticketId', problems: ["not one of this household's tickets"] },
      ]);
    }
    await this.workflow.actIn(tx, caller, ticketId, 'follow_up', { satisfied: outcome === 'satisfied', note: note ?? v.notes });
    await tx.update(Visit, { id: visitId }, { followUpTicketId: ticketId, followUpOutcome: outcome });
  }
}
