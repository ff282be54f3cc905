import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LessThan, type DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../common/config/app-config';
import { PeriodicJob } from '../common/periodic-job';
import { AuthChange } from './auth-change.entity';
import { CallerCache } from './caller-cache';
import { FeedCursor } from './feed-cursor';

/** What changed: a person's roles or name, and/or one session (revoked). */
export interface AuthChangeEntry {
  userId?: number;
  sessionId?: number;
}

/** A skipped feed id is awaited this long before it counts as a transaction that never committed. */
const HOLE_GRACE_MS = 60_000;
/** Feed rows are kept this long; an instance that has not read the feed for that long starts over anyway. */
const RETENTION_MS = 60 * 60_000;
const PURGE_INTERVAL_MS = 10 * 60_000;
const PAGE = 1000;

/**
 * Keeps this instance's CallerCache true to the database. Every change that takes access away (sign-out,
 * revoked session, a role removed, a person changed) is written to `auth_changes` in the transaction
 * that makes it; this instance forgets at once and every other instance on its next poll — one indexed
 * `SELECT … WHERE id > ?` every AUTH_SYNC_INTERVAL_MS. When the poll has not succeeded for a while the
 * cache is not trusted: requests read the database until the feed is read again, then start afresh.
 */
@Injectable()
export class AuthChanges implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly cache = new CallerCache();
  private readonly logger = new Logger(AuthChanges.name);
  private readonly poll = new PeriodicJob('auth sync', () => this.sync(), this.logger);
  private readonly purge = new PeriodicJob(
    'auth feed purge',
    () => this.purgeBefore(new Date(Date.now() - RETENTION_MS)),
    this.logger,
  );
  private cursor: FeedCursor | null = null;
  private lastSync = Number.NEGATIVE_INFINITY;
  /** Without a successful poll for this long, the cache stops answering. */
  private readonly staleAfterMs: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.staleAfterMs = Math.max(10_000, 5 * config.AUTH_SYNC_INTERVAL_MS);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.sync();
    this.poll.start(this.config.AUTH_SYNC_INTERVAL_MS);
    this.purge.start(PURGE_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.poll.stop(), this.purge.stop()]);
  }

  /** True while the feed has been read recently enough for the cache to answer. */
  get trusted(): boolean {
    return performance.now() - this.lastSync < this.staleAfterMs;
  }

  /**
   * Runs `change` and records it in the feed, in one transaction; this instance applies it as soon as it
   * commits, the others on their next poll. `entry` may be read from what the change returns, when
   * whom it concerns is only known inside the transaction (a person found or created by phone).
   */
  async record<T>(
    entry: AuthChangeEntry | ((value: T) => AuthChangeEntry),
    change: (tx: EntityManager) => Promise<T>,
  ): Promise<T> {
    let changed: AuthChangeEntry = {};
    const result = await this.db.transaction(async (tx) => {
      const value = await change(tx);
      changed = typeof entry === 'function' ? entry(value) : entry;
      await tx.insert(AuthChange, { userId: changed.userId ?? null, sessionId: changed.sessionId ?? null });
      return value;
    });
    this.apply(changed);
    return result;
  }

  /** Reads the feed past where this instance is, and applies what it finds. */
  async sync(): Promise<void> {
    const wasTrusted = this.trusted;
    if (!this.cursor) {
      const top = await this.db.getRepository(AuthChange).createQueryBuilder('c').select('MAX(c.id)', 'id').getRawOne();
      this.cursor = new FeedCursor(Number(top?.id ?? 0), HOLE_GRACE_MS);
    } else {
      let page: AuthChange[];
      do {
        page = await this.read(this.cursor);
        const fresh = new Set(
          this.cursor.take(
            page.map((c) => c.id),
            performance.now(),
          ),
        );
        for (const change of page) {
          if (fresh.has(change.id)) this.apply({ userId: change.userId ?? undefined, sessionId: change.sessionId ?? undefined });
        }
      } while (page.length === PAGE);
    }
    // Blind for a while (database unreachable, event loop stalled): changes may have been purged unseen.
    if (!wasTrusted) this.cache.clear();
    this.lastSync = performance.now();
  }

  /** Deletes feed rows written before `cutoff`; returns how many. */
  async purgeBefore(cutoff: Date): Promise<number> {
    return (await this.db.getRepository(AuthChange).delete({ createdAt: LessThan(cutoff) })).affected ?? 0;
  }

  private read(cursor: FeedCursor): Promise<AuthChange[]> {
    const qb = this.db
      .getRepository(AuthChange)
      .createQueryBuilder('c')
      .select(['c.id', 'c.userId', 'c.sessionId'])
      .where('c.id > :after', { after: cursor.after });
    const awaited = cursor.awaited;
    if (awaited.length) qb.orWhere('c.id IN (:...awaited)', { awaited });
    return qb.orderBy('c.id', 'ASC').limit(PAGE).getMany();
  }

  private apply(entry: AuthChangeEntry): void {
    if (entry.sessionId !== undefined) this.cache.revokeSession(entry.sessionId);
    if (entry.userId !== undefined) this.cache.forgetUser(entry.userId);
  }
}
