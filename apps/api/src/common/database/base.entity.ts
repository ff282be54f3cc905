import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/** Columns every mutable row has: an id, a version for optimistic concurrency, UTC timestamps. */
export abstract class VersionedEntity {
  @PrimaryGeneratedColumn({ type: 'int' })
  id: number;

  @VersionColumn({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'datetime', precision: 6 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'datetime', precision: 6 })
  updatedAt: Date;
}
