/**
 * Free-text search with LIKE, the same on MySQL/MariaDB and SQLite. The escape character is `!`, not
 * the backslash: MySQL reads '\\' in a string literal as one backslash, SQLite as two (and then refuses
 * it as an ESCAPE of more than one character).
 */
export const LIKE_ESCAPE = "ESCAPE '!'";

/** `%text%` with the user's own `%`, `_` and `!` matching themselves, never as wildcards. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}
