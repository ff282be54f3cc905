import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, fk, index } from './schema-helpers';

/** Photos: the stored display image and thumbnail of each upload, and what it is attached to. */
export class Uploads1764150000000 implements MigrationInterface {
  name = 'Uploads1764150000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    await q.createTable(
      new Table({
        name: 'uploads',
        columns: [
          c.id(),
          c.varchar('key', 64),
          c.varchar('thumb_key', 64),
          c.varchar('mime', 32),
          c.int('bytes'),
          c.int('width'),
          c.int('height'),
          c.int('owner_id'),
          c.varchar('attached_to', 32, { isNullable: true }),
          c.int('attached_id', { isNullable: true }),
          c.createdAt(),
        ],
        indices: [
          index('uq_uploads_key', ['key'], true),
          index('idx_uploads_owner', ['owner_id', 'id']),
          index('idx_uploads_attached', ['attached_to', 'attached_id']),
        ],
        foreignKeys: [fk('fk_uploads_owner', 'owner_id', 'users')],
      }),
      false,
      true,
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('uploads', true, true, true);
  }
}
