import type { DataSource } from 'typeorm';
import { createDataSource, type DatabaseSettings } from '../common/database/data-source';
import { dropDatabase, freshDatabaseSettings } from '../../test/support/test-database';

describe('migrations', () => {
  let dataSource: DataSource;
  let settings: DatabaseSettings;

  beforeAll(async () => {
    settings = await freshDatabaseSettings();
    dataSource = await createDataSource(settings);
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(settings);
  });

  it('apply to an empty database', async () => {
    const applied = await dataSource.runMigrations();
    expect(applied.map((m) => m.name)).toEqual(dataSource.migrations.map((m) => m.name));
  });

  it('leave nothing for the entities to change (no drift)', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('roll back completely and apply again', async () => {
    for (let i = 0; i < dataSource.migrations.length; i++) await dataSource.undoLastMigration();
    const tables = await dataSource.createQueryRunner().getTables(['streets', 'users']);
    expect(tables).toHaveLength(0);
    await dataSource.runMigrations();
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries).toHaveLength(0);
  });
});
