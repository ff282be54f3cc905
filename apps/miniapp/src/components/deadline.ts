import type { TicketView } from '@doorstep/contracts';

import { formatDuration, formatTime } from '../format';
import { zh } from '../i18n/zh';

export interface DeadlineState {
  text: string;
  /** Past the deadline (now, or recorded as breached): shown in red. */
  breached: boolean;
}

type DeadlineFields = Pick<TicketView, 'status' | 'dueAt' | 'acceptBreached' | 'resolveBreached'> &
  Partial<Pick<TicketView, 'resolvedAt'>>;

/**
 * The countdown an inbox shows: time left to accept (while submitted) or to resolve, or how long it
 * is overdue. Paused tickets have their clock stopped; appealed ones wait for the community.
 */
export function deadlineState(ticket: DeadlineFields, now: number): DeadlineState {
  const accepting = ticket.status === 'submitted';
  const recorded = accepting ? ticket.acceptBreached : ticket.resolveBreached;
  if (ticket.status === 'paused') return { text: zh.tickets.paused, breached: recorded };
  // 已完成 lists: when it was resolved, and whether that was late.
  if ((ticket.status === 'resolved' || ticket.status === 'closed') && ticket.resolvedAt) {
    return { text: zh.tickets.resolvedAt(formatTime(ticket.resolvedAt, now)), breached: ticket.resolveBreached };
  }
  if (!ticket.dueAt) return { text: zh.tickets.noDeadline, breached: recorded };
  const label = accepting ? zh.tickets.acceptDue : zh.tickets.resolveDue;
  const left = new Date(ticket.dueAt).getTime() - now;
  if (left < 0) return { text: zh.tickets.overdue(label, formatDuration(-left)), breached: true };
  return { text: zh.tickets.remaining(label, formatDuration(left)), breached: recorded };
}
