import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One counter of sign-in attempts: a route, a client address and maybe an account, in one fixed time
 * window. Kept in the database so every API instance counts into the same row; the key is hashed, so
 * neither addresses nor phone numbers are stored. Spent windows are purged periodically.
 */
@Entity('rate_limit_buckets')
@Index('idx_rate_limit_buckets_expires', ['expiresAt'])
export class RateLimitBucket {
  /** SHA-256 (hex) of route, address, account and window start. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  bucket: string;

  @Column({ type: 'int' })
  hits: number;

  /** End of the window: the row means nothing afterwards. */
  @Column({ type: 'datetime', precision: 6 })
  expiresAt: Date;
}
