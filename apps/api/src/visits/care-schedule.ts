import {
  CARE_TAGS,
  DEFAULT_CARE_FREQUENCY_DAYS,
  DEFAULT_ROUTINE_FREQUENCY_DAYS,
  type CareFrequencyView,
  type CareTag,
} from '@doorstep/contracts';

const DAY_MS = 86_400_000;

/** The key under which a community's routine frequency (households without a care tag) is stored. */
export const ROUTINE_KEY = 'routine';

export type CareSchedule = Pick<CareFrequencyView, 'days' | 'routineDays'>;

/** The defaults, overridden by a community's stored rows (tag → days). */
export function scheduleFrom(rows: Array<{ tag: string; days: number }>): CareSchedule {
  const days = { ...DEFAULT_CARE_FREQUENCY_DAYS };
  let routineDays = DEFAULT_ROUTINE_FREQUENCY_DAYS;
  for (const r of rows) {
    if (r.tag === ROUTINE_KEY) routineDays = r.days;
    else if ((CARE_TAGS as readonly string[]).includes(r.tag)) days[r.tag as CareTag] = r.days;
  }
  return { days, routineDays };
}

/** Days between visits for a household: its most demanding tag's, or the routine frequency. */
export function frequencyDays(tags: readonly CareTag[], schedule: CareSchedule): number {
  return tags.length ? Math.min(...tags.map((t) => schedule.days[t])) : schedule.routineDays;
}

/**
 * When the household is next due and by how many whole days it is late. Counted from the last visit
 * where the worker met someone (a closed door is not a visit to a person living alone), or, never
 * visited, from when the household was entered: a freshly imported compound is not overdue on day one.
 */
export function dueOf(
  tags: readonly CareTag[],
  lastVisitAt: Date | null,
  enteredAt: Date,
  schedule: CareSchedule,
  now: Date,
): { nextDueAt: Date; overdueDays: number } {
  const from = lastVisitAt ?? enteredAt;
  const nextDueAt = new Date(from.getTime() + frequencyDays(tags, schedule) * DAY_MS);
  return { nextDueAt, overdueDays: Math.max(0, Math.floor((now.getTime() - nextDueAt.getTime()) / DAY_MS)) };
}
