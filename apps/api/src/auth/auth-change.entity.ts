import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The auth change feed: one row per sign-out, revoked session or change to a person's roles or name,
 * written in the transaction that made the change. Every API instance polls it (`id > last seen`) to
 * drop what it has cached about that session or person; rows are purged after a while.
 */
@Entity('auth_changes')
@Index('idx_auth_changes_created', ['createdAt'])
export class AuthChange {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  /** A person whose roles or name changed: every instance reloads them. */
  @Column({ type: 'int', nullable: true })
  userId: number | null;

  /** A session that was revoked: every instance refuses its access tokens. */
  @Column({ type: 'int', nullable: true })
  sessionId: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
