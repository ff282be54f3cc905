import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Role, ScopeType } from '@doorstep/contracts';
import { User } from './user.entity';

/** (user, role, scope): the only source of staff powers, checked for every object touched. */
@Entity('role_assignments')
@Index('uq_role_assignments', ['userId', 'role', 'scopeType', 'scopeId'], { unique: true })
@Index('idx_role_assignments_scope', ['scopeType', 'scopeId', 'id'])
export class RoleAssignment {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  userId: number;

  @ManyToOne(() => User, { onDelete: 'CASCADE', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_role_assignments_user' })
  user?: User;

  @Column({ type: 'varchar', length: 32 })
  role: Role;

  @Column({ type: 'varchar', length: 16 })
  scopeType: ScopeType;

  /** 0 for the platform scope. */
  @Column({ type: 'int' })
  scopeId: number;

  @Column({ type: 'int', nullable: true })
  grantedBy: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
