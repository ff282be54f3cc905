import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A create a phone may resend: the first request's key, a hash of its body, and what it created. A
 * retry with the same key returns the same resource; the same key with another body is refused.
 */
@Entity('idempotency_keys')
@Index('uq_idempotency_keys', ['userId', 'scope', 'idemKey'], { unique: true })
export class IdempotencyKey {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'varchar', length: 32 })
  scope: string;

  @Column({ type: 'varchar', length: 64 })
  idemKey: string;

  @Column({ type: 'varchar', length: 64 })
  requestHash: string;

  @Column({ type: 'int' })
  resourceId: number;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
