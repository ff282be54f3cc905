/**
 * Calendar arithmetic in Asia/Shanghai, the zone every deadline, daily cap and monthly figure is
 * counted in. China has kept UTC+8 all year since 1991, so a fixed offset is exact.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The UTC instant at which the Shanghai calendar day containing `at` began. */
export function startOfShanghaiDay(at: Date): Date {
  return new Date(Math.floor((at.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/** Midnight at the end of the Shanghai calendar day containing `at`. */
export function endOfShanghaiDay(at: Date): Date {
  return new Date(startOfShanghaiDay(at).getTime() + DAY_MS);
}

export function shanghaiHour(at: Date): number {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).getUTCHours();
}

/** Start of the Shanghai month containing `at`, and its label (2026-11). */
export function shanghaiMonth(at: Date): { start: Date; label: string } {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const start = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - SHANGHAI_OFFSET_MS);
  return { start, label: `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}` };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-11-27 18:05", the wall-clock time in Shanghai: how spreadsheets and printouts show an instant. */
export function formatShanghai(at: Date): string {
  const l = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return `${l.getUTCFullYear()}-${pad(l.getUTCMonth() + 1)}-${pad(l.getUTCDate())} ${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}`;
}

/** "20261127", the Shanghai calendar date, for file names. */
export function shanghaiDateStamp(at: Date): string {
  const l = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return `${l.getUTCFullYear()}${pad(l.getUTCMonth() + 1)}${pad(l.getUTCDate())}`;
}

/** "2026-11-27", the Shanghai calendar date containing `at` (WeChat's bill_date). */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The UTC instant a Shanghai calendar date ("2026-11-27") begins. */
export function shanghaiDateStart(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

/** The UTC instants a Shanghai calendar month ('2026-11') begins and ends (the next month's start). */
export function shanghaiMonthBounds(period: string): { start: Date; end: Date } {
  const [y, m] = [Number(period.slice(0, 4)), Number(period.slice(5, 7))];
  return {
    start: new Date(Date.UTC(y, m - 1, 1) - SHANGHAI_OFFSET_MS),
    end: new Date(Date.UTC(y, m, 1) - SHANGHAI_OFFSET_MS),
  };
}

/** "18:05", the wall-clock time of an instant in Shanghai. */
export function shanghaiClock(at: Date): string {
  return formatShanghai(at).slice(11);
}
