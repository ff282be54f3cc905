import type { TicketStatus } from '@doorstep/contracts';
import type { AppConfig } from '../common/config/app-config';
import type { Ticket } from './ticket.entity';

export interface ScheduleSettings {
  autoCloseHours: number;
  escalateToStreetHours: number;
}

export function scheduleSettings(config: Pick<AppConfig, 'AUTO_CLOSE_HOURS' | 'ESCALATE_TO_STREET_HOURS'>): ScheduleSettings {
  return { autoCloseHours: config.AUTO_CLOSE_HOURS, escalateToStreetHours: config.ESCALATE_TO_STREET_HOURS };
}

type Scheduled = Pick<
  Ticket,
  'status' | 'escalationLevel' | 'acceptDeadline' | 'resolveDeadline' | 'resolvedAt' | 'pauseUntil' | 'timerAt' | 'dueAt'
>;

const HOUR = 3600_000;
const OPEN_PAUSE_HOURS = 72;
const HANDLING: readonly TicketStatus[] = ['accepted', 'assigned', 'in_progress'];

/**
 * When a ticket is due (what the inboxes sort by) and when the sweeper must next look at it:
 * - waiting for acceptance: due at the accept deadline; handled: due at the resolve deadline;
 * - at level 0 the sweeper escalates to the community at the deadline; at level 1 to the street
 *   `escalateToStreetHours` after the community got it; level 2 is the top;
 * - paused: the resolve clock stops; the sweeper looks again when the pause was meant to end (level
 *   0) or keeps the street timer it had (level 1), so pausing is no way out of escalation;
 * - resolved: the sweeper closes it after `autoCloseHours` unless the reporter rates it first.
 */
export function schedule(t: Scheduled, now: Date, settings: ScheduleSettings): { dueAt: Date | null; timerAt: Date | null } {
  if (t.status === 'resolved') {
    return { dueAt: null, timerAt: new Date((t.resolvedAt ?? now).getTime() + settings.autoCloseHours * HOUR) };
  }
  if (t.status === 'paused') {
    const dueAt = t.pauseUntil ?? t.resolveDeadline;
    // A pause with no end date is looked at again after three days: waiting forever is not handling.
    if (t.escalationLevel === 0) return { dueAt, timerAt: t.pauseUntil ?? new Date(now.getTime() + OPEN_PAUSE_HOURS * HOUR) };
    if (t.escalationLevel === 1)
      return { dueAt, timerAt: t.timerAt ?? new Date(now.getTime() + settings.escalateToStreetHours * HOUR) };
    return { dueAt, timerAt: null };
  }
  let dueAt: Date | null = null;
  if (t.status === 'submitted') dueAt = t.acceptDeadline;
  else if (HANDLING.includes(t.status)) dueAt = t.resolveDeadline;
  else if (t.status === 'appealed') dueAt = t.dueAt ?? new Date(now.getTime() + settings.escalateToStreetHours * HOUR);
  if (dueAt === null) return { dueAt: null, timerAt: null };
  if (t.escalationLevel === 0) return { dueAt, timerAt: dueAt };
  if (t.escalationLevel === 1) {
    const kept = t.timerAt && t.timerAt > now ? t.timerAt : null;
    return { dueAt, timerAt: kept ?? new Date(now.getTime() + settings.escalateToStreetHours * HOUR) };
  }
  return { dueAt, timerAt: null };
}
