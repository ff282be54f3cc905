import { QueryFailedError } from 'typeorm';

/** Duplicate key on MySQL/MariaDB (1062) or SQLite (UNIQUE constraint). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = (error as QueryFailedError & { driverError?: { code?: string; errno?: number } }).driverError;
  return (
    driverError?.code === 'ER_DUP_ENTRY' ||
    driverError?.errno === 1062 ||
    driverError?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    driverError?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/**
 * SQLite's "database is locked": another connection holds the write lock. Only a second instance on
 * the same embedded file (tests) sees it; periodic jobs skip the row and find it again next round.
 */
export function isLockBusy(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string } })?.driverError;
  return driverError?.code === 'SQLITE_BUSY' || /database is locked/.test(String((error as Error)?.message ?? ''));
}

/** A value the column cannot hold (too long, out of range): bad input that got past validation. */
export function isValueRejected(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = (error as QueryFailedError & { driverError?: { code?: string } }).driverError;
  return driverError?.code === 'ER_DATA_TOO_LONG' || driverError?.code === 'ER_WARN_DATA_OUT_OF_RANGE';
}

/** MySQL/MariaDB gave up on a lock wait cycle (1213) and rolled this transaction back: safe to run again. */
export function isDeadlock(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = (error as QueryFailedError & { driverError?: { code?: string; errno?: number } }).driverError;
  return driverError?.code === 'ER_LOCK_DEADLOCK' || driverError?.errno === 1213;
}
