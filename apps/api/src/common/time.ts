/** API responses carry UTC ISO-8601 strings; clients render them in Asia/Shanghai. */
export const iso = (date: Date): string => date.toISOString();
export const isoOrNull = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);

/** A datetime as a raw query returns it: a Date from MySQL (UTC, timezone 'Z'), UTC text from SQLite. */
export function rawTime(v: unknown): Date | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v;
  return new Date(`${String(v).replace(' ', 'T')}Z`);
}
