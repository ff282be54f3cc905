import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../common/config/app-config';
import { isSqliteDb } from '../common/database/dialect';
import { rateLimited } from '../common/errors/domain-error';
import { PeriodicJob } from '../common/periodic-job';
import { RateLimitBucket } from './rate-limit-bucket.entity';

export type SignInRoute = 'demo' | 'wechat' | 'refresh';

/** How often each instance deletes counters of windows that are over. */
const PURGE_INTERVAL_MS = 60_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Fixed-window limits on sign-in attempts, per route and client address, and per route, address and
 * account (the phone, the session a refresh token names) where the request names one. Counted with one
 * atomic upsert per attempt in `rate_limit_buckets`, so several API instances share every count.
 */
@Injectable()
export class SignInLimiter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SignInLimiter.name);
  private readonly purge = new PeriodicJob('sign-in limit purge', () => this.purgeExpired(), this.logger);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.purge.start(PURGE_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.purge.stop();
  }

  /** Counts one attempt; 429 with Retry-After when the address or the account is over its limit. */
  async attempt(route: SignInRoute, ip: string, account: string | null): Promise<void> {
    const windowMs = this.config.SIGN_IN_LIMIT_WINDOW_SECONDS * 1000;
    const now = this.clock.now().getTime();
    const start = Math.floor(now / windowMs) * windowMs;
    const client = addressKey(ip);
    const limits = new Map<string, number>([[sha256(`${route}|${client}|${start}`), this.config.SIGN_IN_LIMIT_PER_IP]]);
    if (account) limits.set(sha256(`${route}|${client}|${account}|${start}`), this.config.SIGN_IN_LIMIT_PER_ACCOUNT);
    const hits = await this.count([...limits.keys()], new Date(start + windowMs));
    if ([...limits].some(([bucket, limit]) => (hits.get(bucket) ?? 0) > limit)) {
      throw rateLimited((start + windowMs - now) / 1000);
    }
  }

  /** Adds one to each bucket (creating it) and reads the totals back. */
  private async count(buckets: string[], expiresAt: Date): Promise<Map<string, number>> {
    const names = buckets.map((_, i) => `:b${i}`);
    const params = Object.fromEntries(buckets.map((b, i) => [`b${i}`, b]));
    const onConflict = isSqliteDb(this.db)
      ? 'ON CONFLICT (bucket) DO UPDATE SET hits = hits + 1'
      : 'ON DUPLICATE KEY UPDATE hits = hits + 1';
    const [upsert, upsertParams] = this.db.driver.escapeQueryWithParameters(
      `INSERT INTO rate_limit_buckets (bucket, hits, expires_at) VALUES ${names.map((n) => `(${n}, 1, :expiresAt)`).join(', ')} ${onConflict}`,
      { ...params, expiresAt },
      {},
    );
    await this.db.query(upsert, upsertParams);
    const rows: Array<{ bucket: string; hits: number | string }> = await this.db
      .createQueryBuilder()
      .select(['b.bucket AS bucket', 'b.hits AS hits'])
      .from(RateLimitBucket, 'b')
      .where('b.bucket IN (:...buckets)', { buckets })
      .getRawMany();
    return new Map(rows.map((r) => [r.bucket, Number(r.hits)]));
  }

  /** Deletes the counters of windows that are over; returns how many. */
  async purgeExpired(): Promise<number> {
    const result = await this.db
      .createQueryBuilder()
      .delete()
      .from(RateLimitBucket)
      .where('expires_at <= :now', { now: this.clock.now() })
      .execute();
    return result.affected ?? 0;
  }
}

/**
 * The address a limit applies to: IPv4 as is, IPv6 by its /64 network (one subscriber gets a whole
 * /64, so single IPv6 addresses cost an attacker nothing).
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!ip.includes(':')) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
