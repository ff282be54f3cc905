import type { TicketPriority } from '@doorstep/contracts';
import { endOfShanghaiDay, shanghaiHour } from '../common/shanghai-time';

const DAY_MS = 24 * 3600_000;

/** Reports after this hour (Shanghai) are due by the end of the next day: "当日办结" needs a working day. */
export const LATE_REPORT_HOUR = 18;
/** Emergencies (burst pipes, stuck lifts) are due within this many hours whatever the category says. */
export const EMERGENCY_RESOLVE_HOURS = 4;

export interface SlaPolicy {
  acceptMinutes: number;
  /** null: end of the (working) day. */
  resolveHours: number | null;
  priority: TicketPriority;
}

export function computeDeadlines(createdAt: Date, policy: SlaPolicy): { acceptDeadline: Date; resolveDeadline: Date } {
  const acceptDeadline = new Date(createdAt.getTime() + policy.acceptMinutes * 60_000);
  let resolveDeadline: Date;
  if (policy.priority === 'emergency') {
    const hours = Math.min(policy.resolveHours ?? EMERGENCY_RESOLVE_HOURS, EMERGENCY_RESOLVE_HOURS);
    resolveDeadline = new Date(createdAt.getTime() + hours * 3600_000);
  } else if (policy.resolveHours !== null) {
    resolveDeadline = new Date(createdAt.getTime() + policy.resolveHours * 3600_000);
  } else {
    const late = shanghaiHour(createdAt) >= LATE_REPORT_HOUR;
    resolveDeadline = new Date(endOfShanghaiDay(createdAt).getTime() + (late ? DAY_MS : 0));
  }
  return { acceptDeadline, resolveDeadline: resolveDeadline < acceptDeadline ? acceptDeadline : resolveDeadline };
}
