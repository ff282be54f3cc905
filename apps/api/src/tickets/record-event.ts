import type { EntityManager } from 'typeorm';
import type { TicketAction, TicketNote, TicketStatus } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { TicketEvent } from './ticket-event.entity';
import type { Ticket } from './ticket.entity';

/** A person acting on a ticket, and the capacity shown for them on the timeline (reporter, manager …). */
interface PersonActor {
  actor: Pick<Caller, 'userId' | 'name'>;
  role: string;
}

/** The sweeper: no user, shown as 系统. */
interface SystemActor {
  actor: 'system';
}

export type TicketEventFacts = (PersonActor | SystemActor) & {
  action: TicketAction | TicketNote;
  /** Status before and after; both left out for notes that change no status (comment, urge …). */
  from?: TicketStatus | null;
  to?: TicketStatus | null;
  note?: string | null;
  /** Staff and supervisors only. */
  internal?: boolean;
  at: Date;
};

/**
 * Writes one line of the ticket's timeline, in the transaction of the change it records. Every
 * event goes through here, so the timeline reads the same whoever wrote it.
 */
export async function recordEvent(tx: EntityManager, ticket: Pick<Ticket, 'id'>, facts: TicketEventFacts): Promise<TicketEvent> {
  const person = facts.actor === 'system' ? null : (facts as PersonActor);
  const row = {
    ticketId: ticket.id,
    action: facts.action,
    fromStatus: facts.from ?? null,
    toStatus: facts.to ?? null,
    actorId: person ? person.actor.userId : null,
    actorRole: person ? person.role : 'system',
    actorName: person ? person.actor.name : '系统',
    note: facts.note ?? null,
    internal: facts.internal ?? false,
    createdAt: facts.at,
  };
  const { identifiers } = await tx.insert(TicketEvent, row);
  return tx.create(TicketEvent, { ...row, id: identifiers[0].id as number });
}
