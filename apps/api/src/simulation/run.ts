import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { FIGURE_MONTH_PATTERN } from '@doorstep/contracts';
import { createApp } from '../app.factory';
import { isolatedApiEnv } from '../bench/isolated-api';
import type { DatabaseSettings } from '../common/database/data-source';
import { formatReport } from './report';
import { previousMonth, simulate } from './simulation';

/**
 * `pnpm simulate [--seed 1] [--tickets 3000] [--month YYYY-MM] [--keep]`: a street's month through the
 * real ticket services (simulation.ts), printed. On a fresh embedded SQLite file (removed afterwards
 * unless --keep), or on DATABASE_URL when it is set (the run adds a street of its own there).
 */

function parseArgs(argv: string[]): { seed: number; tickets: number; month: string; keep: boolean } {
  const args = { seed: 1, tickets: 3000, month: previousMonth(new Date()), keep: false };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (name === '--') continue;
    else if (name === '--seed') args.seed = Number(value());
    else if (name === '--tickets') args.tickets = Number(value());
    else if (name === '--month') args.month = String(value());
    else if (name === '--keep') args.keep = true;
    else throw new Error(`unknown option ${argv[i]} (use --seed N, --tickets N, --month YYYY-MM, --keep)`);
  }
  if (!Number.isInteger(args.seed)) throw new Error('--seed must be an integer');
  if (!Number.isInteger(args.tickets) || args.tickets < 1 || args.tickets > 200_000)
    throw new Error('--tickets must be 1…200000');
  if (!FIGURE_MONTH_PATTERN.test(args.month)) throw new Error('--month must be YYYY-MM');
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const url = process.env.DATABASE_URL || undefined;
  const sqlitePath = join(tmpdir(), `doorstep-simulation-${process.pid}.sqlite`);
  const database: DatabaseSettings = url ? { url, dataDir: '' } : { dataDir: '', sqlitePath };
  const env = isolatedApiEnv(url ?? '', 'simulation', { LOG_LEVEL: 'error' });
  if (!url) delete env.DATABASE_URL;
  console.log(`simulate: ${args.month}, seed ${args.seed}, ${args.tickets} tickets, on ${url ? 'DATABASE_URL' : sqlitePath}`);
  const { app } = await createApp({ env, database });
  try {
    // A throwaway file: no need to wait for the disk at every commit.
    if (!url) await app.get<DataSource>(getDataSourceToken()).query('PRAGMA synchronous = OFF');
    const result = await simulate(app, { ...args, log: (line) => console.log(line) });
    console.log('');
    console.log(formatReport(result));
  } finally {
    await app.close();
    if (!url && !args.keep) for (const suffix of ['', '-wal', '-shm']) rmSync(`${sqlitePath}${suffix}`, { force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
