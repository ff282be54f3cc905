import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { NewVisit, SyncVisitsView } from '@doorstep/contracts';
import { buildDataSourceOptions } from '../common/database/data-source';
import { Household } from '../households/household.entity';
import { Building } from '../places/building.entity';
import { Grid } from '../places/grid.entity';
import { RoleAssignment } from '../users/role-assignment.entity';
import { User } from '../users/user.entity';
import { freshDatabase, isolatedApiEnv, NO_ACTORS, seedCompound } from './isolated-api';
import { ServerProcess } from './server-process';

/**
 * `pnpm bench` scenario "visits sync": a community's grid workers come back into signal at the end of
 * the day and all sync the day's visits at once — each worker's queue in batches of 50, every batch
 * sent twice (the first answer lost on the way back, as happens in a basement). Measures sync requests
 * and visits per second and p50/p99 per request, then checks that each visit was stored exactly once.
 *
 * Settings: BENCH_VISIT_WORKERS (30), BENCH_VISITS_PER_WORKER (60), on a database of its own
 * (BENCH_DATABASE_URL's, suffixed `_visits`).
 */
export const VISITS_SYNC_SCENARIO = 'visits sync';

export interface VisitsSyncSettings {
  url: string;
  workers: number;
  visitsPerWorker: number;
}

export interface VisitsSyncResult {
  requests: number;
  visitsSent: number;
  seconds: number;
  requestsPerSecond: number;
  visitsPerSecond: number;
  p50: number;
  p99: number;
  /** Per visit status counts from the answers. */
  statuses: Record<string, number>;
  /** Answers other than 200, by status. */
  failed: Record<string, number>;
  stored: number;
  expected: number;
}

const BATCH = 50;
const HOUSEHOLDS_PER_GRID = 60;

export async function runVisitsSyncBench(s: VisitsSyncSettings, log: (line: string) => void): Promise<VisitsSyncResult> {
  const url = await freshDatabase(s.url, 'visits');
  const api = await ServerProcess.start('api', isolatedApiEnv(url, 'visits'), NO_ACTORS, null);
  const db = new DataSource({ ...(await buildDataSourceOptions({ url, dataDir: '' })), migrations: [] });
  await db.initialize();
  try {
    const workers = await seed(db, s.workers);
    const base = `http://127.0.0.1:${api.port}`;
    const tokens: string[] = [];
    for (const w of workers) tokens.push(await api.signIn(w.phone));
    const day = Date.now() - 8 * 3600_000;
    const queues = workers.map((w) =>
      Array.from({ length: s.visitsPerWorker }, (_, i): NewVisit => ({
        clientId: randomUUID(),
        householdId: w.householdIds[i % w.householdIds.length],
        kind: i % 7 === 0 ? 'care' : 'routine',
        outcome: i % 5 === 0 ? 'not_home' : 'met',
        notes: i % 3 === 0 ? '独居老人，身体尚可，已提醒冬季用电安全' : undefined,
        visitedAt: new Date(day + i * 6 * 60_000).toISOString(),
      })),
    );
    log(
      `${VISITS_SYNC_SCENARIO}: ${s.workers} workers × ${s.visitsPerWorker} visits, batches of ${BATCH}, each batch sent twice, all workers at once`,
    );
    const started = performance.now();
    const runs = await Promise.all(queues.map((queue, i) => syncQueue(`${base}/api/v1/visits/sync`, tokens[i], queue)));
    const seconds = (performance.now() - started) / 1000;
    const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
    const statuses: Record<string, number> = {};
    const failed: Record<string, number> = {};
    for (const r of runs) {
      for (const [k, v] of Object.entries(r.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
      for (const [k, v] of Object.entries(r.failed)) failed[k] = (failed[k] ?? 0) + v;
    }
    const [{ n }] = await db.query('SELECT COUNT(*) AS n FROM visits');
    const visitsSent = s.workers * s.visitsPerWorker * 2;
    return {
      requests: latencies.length,
      visitsSent,
      seconds,
      requestsPerSecond: latencies.length / seconds,
      visitsPerSecond: visitsSent / seconds,
      p50: at(0.5),
      p99: at(0.99),
      statuses,
      failed,
      stored: Number(n),
      expected: s.workers * s.visitsPerWorker,
    };
  } finally {
    await db.destroy();
    api.stop();
  }
}

/** One worker's queue, in order, batch by batch; each batch twice (its first answer "lost"). */
async function syncQueue(url: string, token: string, queue: NewVisit[]) {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const failed: Record<string, number> = {};
  for (let i = 0; i < queue.length; i += BATCH) {
    const body = JSON.stringify({ visits: queue.slice(i, i + BATCH) });
    for (let attempt = 0; attempt < 2; attempt++) {
      const started = performance.now();
      const res = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      });
      const answer = (await res.json()) as SyncVisitsView;
      latencies.push(performance.now() - started);
      if (res.status !== 200) {
        failed[res.status] = (failed[res.status] ?? 0) + 1;
        continue;
      }
      for (const r of answer.results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    }
  }
  return { latencies, statuses, failed };
}

/** One community; a grid per worker, with its own building and households, and the worker on it. */
async function seed(db: DataSource, workers: number): Promise<Array<{ phone: string; householdIds: number[] }>> {
  const save = <T extends object>(entity: new () => T, fields: Partial<T>) => db.getRepository(entity).save(fields as T);
  const { community, compound } = await seedCompound(db, 'old');
  const out: Array<{ phone: string; householdIds: number[] }> = [];
  for (let w = 0; w < workers; w++) {
    const grid = await save(Grid, { communityId: community.id, name: `第${w + 1}网格` });
    const building = await save(Building, { compoundId: compound.id, name: `${w + 1}号楼`, gridId: grid.id });
    const households = await db.getRepository(Household).save(
      Array.from({ length: HOUSEHOLDS_PER_GRID }, (_, i) => ({
        compoundId: compound.id,
        buildingId: building.id,
        unit: String(1 + Math.floor(i / 20)),
        room: String(101 + (i % 20)),
        areaHundredths: 6500,
        ownerName: '住户',
        ownerPhone: null,
      })),
      { chunk: 100 },
    );
    const phone = `1370000${String(w).padStart(4, '0')}`;
    const user = await save(User, { name: `网格员${w + 1}`, phone });
    await save(RoleAssignment, { userId: user.id, role: 'grid_worker', scopeType: 'grid', scopeId: grid.id, grantedBy: null });
    out.push({ phone, householdIds: households.map((h) => h.id) });
  }
  return out;
}
