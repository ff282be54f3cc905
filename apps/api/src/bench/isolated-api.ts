import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import type { CompoundType } from '@doorstep/contracts';
import { toMysqlUri } from '../common/database/database-url';
import { Community } from '../places/community.entity';
import { Compound } from '../places/compound.entity';
import { Street } from '../places/street.entity';
import type { CeilingActors } from './server';

/** Scenarios on a database of their own have no ceiling to compare with. */
export const NO_ACTORS: CeilingActors = { creatorIds: [], readerId: 0, managerId: 0 };

/**
 * A database of its own, made anew each run (BENCH_DATABASE_URL's name + `_suffix`): the counts a
 * scenario checks afterwards must be that run's alone.
 */
export async function freshDatabase(benchUrl: string, suffix: string): Promise<string> {
  const url = new URL(toMysqlUri(benchUrl));
  const name = `${url.pathname.slice(1)}_${suffix}`;
  if (!/^\w+$/.test(name)) throw new Error(`unusable database name ${name}`);
  url.pathname = '/';
  const server = await createConnection({ uri: url.toString() });
  try {
    await server.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await server.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await server.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}

/** The API as production runs it, with every periodic job off: they are not what is measured. */
export function isolatedApiEnv(url: string, suffix: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...extra,
    NODE_ENV: 'production',
    DATABASE_URL: url,
    DATA_DIR: join(tmpdir(), `doorstep-bench-${suffix}`),
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'false',
    SWEEP_INTERVAL_MS: '0',
    DISPATCH_INTERVAL_MS: '0',
    WECHATPAY_JOB_INTERVAL_MS: '0',
    WECHATPAY_RECONCILE_INTERVAL_MS: '0',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    ACCESS_TOKEN_TTL_SECONDS: '86400',
    H5_DIR: '',
    CORS_ORIGINS: '',
  };
}

/** A street, a community and one compound its shared society runs: where an isolated scenario lives. */
export async function seedCompound(db: DataSource, type: CompoundType): Promise<{ community: Community; compound: Compound }> {
  const street = await db.getRepository(Street).save({ name: '基准街道', district: null });
  const community = await db.getRepository(Community).save({ streetId: street.id, name: '基准社区' });
  const compound = await db.getRepository(Compound).save({
    communityId: community.id,
    name: '基准小区',
    address: null,
    type,
    managementMode: 'shared',
    companyId: null,
  });
  return { community, compound };
}
