import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';

/**
 * One uploaded photo: a re-encoded display image and its thumbnail in photo storage. The original as
 * sent is never kept (it may carry EXIF GPS). A photo starts unattached, readable only by its owner,
 * and is attached once to one object (a ticket) whose readers may then see it too.
 */
@Entity('uploads')
@Index('uq_uploads_key', ['key'], { unique: true })
@Index('idx_uploads_owner', ['ownerId', 'id'])
@Index('idx_uploads_attached', ['attachedTo', 'attachedId'])
export class Upload {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  /** Storage key of the display image: random, so it cannot be guessed from another. */
  @Column({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'varchar', length: 64 })
  thumbKey: string;

  /** Of the stored display image and thumbnail (always re-encoded, so not what the client sent). */
  @Column({ type: 'varchar', length: 32 })
  mime: string;

  /** Size of the stored display image. */
  @Column({ type: 'int' })
  bytes: number;

  @Column({ type: 'int' })
  width: number;

  @Column({ type: 'int' })
  height: number;

  @Column({ type: 'int' })
  ownerId: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'fk_uploads_owner' })
  owner?: User;

  /** What it is attached to (an AttachmentKind such as 'ticket'); null while unattached. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  attachedTo: string | null;

  @Column({ type: 'int', nullable: true })
  attachedId: number | null;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;
}
