import { Column, Entity, Index } from 'typeorm';
import { VersionedEntity } from '../common/database/base.entity';

@Entity('users')
@Index('uq_users_phone', ['phone'], { unique: true })
@Index('uq_users_openid', ['openid'], { unique: true })
export class User extends VersionedEntity {
  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  /** WeChat mini-program openid. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  openid: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  unionid: string | null;

  /** Kept to decrypt WeChat data later; never selected by default, never sent to a client. */
  @Column({ type: 'varchar', length: 64, nullable: true, select: false })
  wechatSessionKey: string | null;
}
