const DAY_MS = 86_400_000;

/**
 * Was a care household never overdue during a window? The overdue list (dueOf) calls a household
 * overdue once a whole day has passed after its due date, i.e. `frequency + 1` days after the last met
 * visit. So between consecutive met visits — starting from the last one before the window (or when the
 * household was entered) and ending at the window's end — no stretch may exceed that. The figure then
 * agrees with what the worker's to-do showed through the month.
 */
export function keptSchedule(anchor: Date, metVisits: readonly Date[], windowEnd: Date, frequencyDays: number): boolean {
  const allowed = (frequencyDays + 1) * DAY_MS;
  const points = [anchor, ...[...metVisits].sort((a, b) => a.getTime() - b.getTime()), windowEnd];
  return points.every((p, i) => i === 0 || p.getTime() - points[i - 1].getTime() <= allowed);
}
