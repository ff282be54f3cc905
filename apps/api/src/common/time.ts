/** API responses carry UTC ISO-8601 strings; clients render them in Asia/Shanghai. */
export const iso = (date: Date): string => date.toISOString();
export const isoOrNull = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);
