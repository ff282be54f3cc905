import type { DataSource } from 'typeorm';

/**
 * SQL statements `work` sends through this app's DataSource. TypeORM hands every statement to its
 * logger (whatever the logging setting), on MySQL/MariaDB and SQLite alike, so wrapping logQuery counts them.
 */
export async function statementsDuring(db: DataSource, work: () => Promise<unknown>): Promise<string[]> {
  const logger = db.logger;
  const original = logger.logQuery.bind(logger);
  const seen: string[] = [];
  logger.logQuery = (query, parameters, runner) => {
    seen.push(query);
    original(query, parameters, runner);
  };
  try {
    await work();
  } finally {
    logger.logQuery = original;
  }
  return seen;
}

/**
 * Polls `check` until it returns true, failing after `timeoutMs` with `what` in the message. For effects
 * that happen in the background (another instance's poll), without asserting how fast they happen.
 */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`still waiting after ${timeoutMs} ms for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
