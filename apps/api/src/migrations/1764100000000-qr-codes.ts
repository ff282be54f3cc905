import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, fk, index } from './schema-helpers';

/** QR codes of compounds, buildings and public spots (scan-to-report). */
export class QrCodes1764100000000 implements MigrationInterface {
  name = 'QrCodes1764100000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    await q.createTable(
      new Table({
        name: 'qr_codes',
        columns: [
          ...c.versioned(),
          c.varchar('token', 32),
          c.int('compound_id'),
          c.int('building_id', { isNullable: true }),
          c.varchar('spot_name', 64, { isNullable: true }),
          c.int('created_by', { isNullable: true }),
          c.datetime('revoked_at', { isNullable: true }),
        ],
        indices: [
          index('uq_qr_codes_token', ['token'], true),
          index('idx_qr_codes_compound', ['compound_id', 'id']),
          index('idx_qr_codes_building', ['building_id', 'id']),
        ],
        foreignKeys: [
          fk('fk_qr_codes_compound', 'compound_id', 'compounds'),
          fk('fk_qr_codes_building', 'building_id', 'buildings'),
        ],
      }),
      false,
      true,
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('qr_codes', true, true, true);
  }
}
