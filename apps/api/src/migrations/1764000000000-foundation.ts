import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, fk, index } from './schema-helpers';

/** Places, people, sign-in sessions and household memberships. */
export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    const create = (table: ConstructorParameters<typeof Table>[0]) => q.createTable(new Table(table), false, true, true);

    await create({
      name: 'streets',
      columns: [...c.versioned(), c.varchar('name', 64), c.varchar('district', 64, { isNullable: true })],
      indices: [index('uq_streets_name', ['name'], true)],
    });
    await create({
      name: 'communities',
      columns: [...c.versioned(), c.int('street_id'), c.varchar('name', 64)],
      indices: [
        index('uq_communities_street_name', ['street_id', 'name'], true),
        index('idx_communities_street', ['street_id', 'id']),
      ],
      foreignKeys: [fk('fk_communities_street', 'street_id', 'streets')],
    });
    await create({
      name: 'grids',
      columns: [...c.versioned(), c.int('community_id'), c.varchar('name', 64)],
      indices: [
        index('uq_grids_community_name', ['community_id', 'name'], true),
        index('idx_grids_community', ['community_id', 'id']),
      ],
      foreignKeys: [fk('fk_grids_community', 'community_id', 'communities')],
    });
    await create({
      name: 'property_companies',
      columns: [
        ...c.versioned(),
        c.varchar('name', 64),
        c.varchar('credit_code', 18, { isNullable: true }),
        c.varchar('contact_phone', 20, { isNullable: true }),
      ],
      indices: [
        index('uq_property_companies_name', ['name'], true),
        index('uq_property_companies_credit_code', ['credit_code'], true),
      ],
    });
    await create({
      name: 'compounds',
      columns: [
        ...c.versioned(),
        c.int('community_id'),
        c.varchar('name', 64),
        c.varchar('address', 200, { isNullable: true }),
        c.varchar('type', 16),
        c.varchar('management_mode', 16),
        c.int('company_id', { isNullable: true }),
      ],
      indices: [
        index('uq_compounds_community_name', ['community_id', 'name'], true),
        index('idx_compounds_company', ['company_id', 'id']),
        index('idx_compounds_community', ['community_id', 'id']),
      ],
      foreignKeys: [
        fk('fk_compounds_community', 'community_id', 'communities'),
        fk('fk_compounds_company', 'company_id', 'property_companies'),
      ],
    });
    await create({
      name: 'buildings',
      columns: [...c.versioned(), c.int('compound_id'), c.varchar('name', 32), c.int('grid_id', { isNullable: true })],
      indices: [
        index('uq_buildings_compound_name', ['compound_id', 'name'], true),
        index('idx_buildings_grid', ['grid_id', 'id']),
        index('idx_buildings_compound', ['compound_id', 'id']),
      ],
      foreignKeys: [fk('fk_buildings_compound', 'compound_id', 'compounds'), fk('fk_buildings_grid', 'grid_id', 'grids')],
    });
    await create({
      name: 'households',
      columns: [
        ...c.versioned(),
        c.int('compound_id'),
        c.int('building_id'),
        c.varchar('unit', 16),
        c.varchar('room', 16),
        c.int('area_hundredths'),
        c.varchar('owner_name', 64, { isNullable: true }),
        c.varchar('owner_phone', 20, { isNullable: true }),
      ],
      indices: [
        index('uq_households_building_unit_room', ['building_id', 'unit', 'room'], true),
        index('idx_households_compound', ['compound_id', 'id']),
        index('idx_households_building', ['building_id', 'id']),
        index('idx_households_owner_phone', ['owner_phone']),
      ],
      foreignKeys: [
        fk('fk_households_compound', 'compound_id', 'compounds'),
        fk('fk_households_building', 'building_id', 'buildings'),
      ],
    });
    await create({
      name: 'household_tags',
      columns: [c.int('household_id', { isPrimary: true }), c.varchar('tag', 32, { isPrimary: true })],
      indices: [index('idx_household_tags_tag', ['tag', 'household_id'])],
      foreignKeys: [fk('fk_household_tags_household', 'household_id', 'households', 'CASCADE')],
    });
    await create({
      name: 'users',
      columns: [
        ...c.versioned(),
        c.varchar('name', 64),
        c.varchar('phone', 20, { isNullable: true }),
        c.varchar('openid', 64, { isNullable: true }),
        c.varchar('unionid', 64, { isNullable: true }),
        c.varchar('wechat_session_key', 64, { isNullable: true }),
      ],
      indices: [index('uq_users_phone', ['phone'], true), index('uq_users_openid', ['openid'], true)],
    });
    await create({
      name: 'role_assignments',
      columns: [
        c.id(),
        c.int('user_id'),
        c.varchar('role', 32),
        c.varchar('scope_type', 16),
        c.int('scope_id'),
        c.int('granted_by', { isNullable: true }),
        c.createdAt(),
      ],
      indices: [
        index('uq_role_assignments', ['user_id', 'role', 'scope_type', 'scope_id'], true),
        index('idx_role_assignments_scope', ['scope_type', 'scope_id', 'id']),
      ],
      foreignKeys: [fk('fk_role_assignments_user', 'user_id', 'users', 'CASCADE')],
    });
    await create({
      name: 'household_members',
      columns: [
        ...c.versioned(),
        c.int('household_id'),
        c.int('user_id'),
        c.int('compound_id'),
        c.varchar('relation', 16),
        c.varchar('status', 16),
        c.varchar('reject_reason', 200, { isNullable: true }),
        c.int('reviewed_by', { isNullable: true }),
        c.datetime('reviewed_at', { isNullable: true }),
      ],
      indices: [
        index('uq_household_members', ['household_id', 'user_id'], true),
        index('idx_household_members_user', ['user_id', 'id']),
        index('idx_household_members_review', ['compound_id', 'status', 'id']),
      ],
      foreignKeys: [
        fk('fk_household_members_household', 'household_id', 'households', 'CASCADE'),
        fk('fk_household_members_user', 'user_id', 'users', 'CASCADE'),
      ],
    });
    await create({
      name: 'sessions',
      columns: [
        c.id(),
        c.int('user_id'),
        c.varchar('refresh_hash', 64),
        c.varchar('previous_hash', 64, { isNullable: true }),
        c.varchar('method', 16),
        c.datetime('expires_at'),
        c.datetime('revoked_at', { isNullable: true }),
        c.createdAt(),
      ],
      indices: [index('idx_sessions_user', ['user_id', 'id'])],
      foreignKeys: [fk('fk_sessions_user', 'user_id', 'users', 'CASCADE')],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'sessions',
      'household_members',
      'role_assignments',
      'users',
      'household_tags',
      'households',
      'buildings',
      'compounds',
      'property_companies',
      'grids',
      'communities',
      'streets',
    ]) {
      await q.dropTable(table, true, true, true);
    }
  }
}
