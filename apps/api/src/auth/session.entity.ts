import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';

/**
 * A signed-in device. Access tokens name it (`sid`), so signing out revokes them too; the refresh token is
 * stored only as a SHA-256 hash and rotates on every use.
 */
@Entity('sessions')
@Index('idx_sessions_user', ['userId', 'id'])
export class Session {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_sessions_user' })
  user?: User;

  @Column({ type: 'varchar', length: 64 })
  refreshHash: string;

  /** The hash before the last rotation: presenting it again means the token leaked. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  previousHash: string | null;

  @Column({ type: 'varchar', length: 16 })
  method: 'wechat' | 'demo';

  @Column({ type: 'datetime', precision: 6 })
  expiresAt: Date;

  @Column({ type: 'datetime', precision: 6, nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
