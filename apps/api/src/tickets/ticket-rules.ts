import { isOpenStatus, mayTake, type TicketCommand, type TicketFacts, type TicketStatus } from '@doorstep/contracts';
import { DomainError } from '../common/errors/domain-error';
import type { TicketRelation } from './ticket-actors';
import type { Ticket } from './ticket.entity';

/** What the shared rules (packages/contracts tickets.ts) look at, read from the row. */
export function factsOf(t: Ticket): TicketFacts {
  return {
    status: t.status,
    pausedFrom: t.pausedFrom,
    handlerType: t.handlerType,
    resolved: t.resolvedAt !== null,
    duplicateOfId: t.duplicateOfId,
    followUp: t.followUp,
  };
}

/**
 * Refuses what the shared machine refuses, with the same answer the buttons were built from: 403 when
 * none of the caller's relations may ever do it, 409 when not in this state.
 */
export function assertMayTake(action: TicketCommand, rel: TicketRelation, t: Ticket): void {
  const verdict = mayTake(action, rel.actors, factsOf(t));
  if (verdict === 'not_yours') throw new DomainError('TICKET_ACTION_NOT_YOURS', 403, { action });
  if (verdict === 'not_now')
    throw new DomainError('TICKET_INVALID_TRANSITION', 409, { action, status: t.status, version: t.version });
}

/**
 * Whether `t` may be merged into `target` as its duplicate: another open ticket of the same compound.
 * `merge` refuses anything else (422 DUPLICATE_INVALID); duplicate candidates offer nothing else.
 */
export function isMergeTarget(
  t: Pick<Ticket, 'id' | 'compoundId'>,
  target: Pick<Ticket, 'id' | 'compoundId' | 'isOpen'>,
): boolean {
  return target.id !== t.id && target.compoundId === t.compoundId && target.isOpen;
}

/** A status and the column derived from it: every write of `status` goes through here, so they never disagree. */
export function statusColumns(status: TicketStatus): Pick<Ticket, 'status' | 'isOpen'> {
  return { status, isOpen: isOpenStatus(status) };
}
