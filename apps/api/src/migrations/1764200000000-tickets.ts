import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { columns, fk, index } from './schema-helpers';

/** The ticket loop: categories, tickets, their timeline and followers, idempotency keys, the notification outbox. */
export class Tickets1764200000000 implements MigrationInterface {
  name = 'Tickets1764200000000';

  async up(q: QueryRunner): Promise<void> {
    const c = columns(q);
    const create = (table: ConstructorParameters<typeof Table>[0]) => q.createTable(new Table(table), false, true, true);
    const nullableDate = (name: string) => c.datetime(name, { isNullable: true });
    const nullableInt = (name: string) => c.int(name, { isNullable: true });

    await create({
      name: 'categories',
      columns: [
        ...c.versioned(),
        nullableInt('compound_id'),
        c.varchar('kind', 16),
        c.varchar('name', 32),
        c.varchar('icon', 32),
        c.varchar('priority', 16),
        c.int('accept_minutes'),
        nullableInt('resolve_hours'),
        c.int('sort', { default: 0 }),
        c.bool('active', true),
      ],
      indices: [index('idx_categories_compound', ['compound_id', 'sort', 'id'])],
      foreignKeys: [fk('fk_categories_compound', 'compound_id', 'compounds', 'CASCADE')],
    });
    await create({
      name: 'tickets',
      columns: [
        ...c.versioned(),
        c.int('compound_id'),
        c.int('community_id'),
        c.int('street_id'),
        nullableInt('building_id'),
        nullableInt('household_id'),
        nullableInt('qr_code_id'),
        c.varchar('place_label', 100),
        c.int('category_id'),
        c.varchar('kind', 16),
        c.varchar('source', 16),
        c.varchar('priority', 16),
        c.varchar('status', 16),
        c.bool('is_open'),
        c.varchar('description', 1000),
        nullableInt('reporter_id'),
        c.varchar('reporter_name', 64),
        c.varchar('reporter_phone', 20, { isNullable: true }),
        c.int('created_by_id'),
        c.varchar('complaint_target', 16, { isNullable: true }),
        c.bool('anonymous', false),
        c.varchar('handler_type', 16),
        nullableInt('handler_company_id'),
        nullableInt('assignee_id'),
        c.datetime('accept_deadline'),
        c.datetime('resolve_deadline'),
        nullableDate('due_at'),
        nullableDate('timer_at'),
        nullableDate('accepted_at'),
        nullableDate('resolved_at'),
        nullableDate('closed_at'),
        c.bool('accept_breached', false),
        c.bool('resolve_breached', false),
        c.int('escalation_level', { default: 0 }),
        c.bool('supervised', false),
        c.int('reopen_count', { default: 0 }),
        c.int('follower_count', { default: 0 }),
        nullableDate('preferred_visit_at'),
        nullableDate('paused_at'),
        c.varchar('paused_from', 16, { isNullable: true }),
        c.varchar('pause_reason', 200, { isNullable: true }),
        nullableDate('pause_until'),
        nullableInt('rating'),
        nullableInt('rating_speed'),
        nullableInt('rating_attitude'),
        c.varchar('rating_comment', 500, { isNullable: true }),
        c.varchar('follow_up', 16, { isNullable: true }),
        nullableInt('duplicate_of_id'),
      ],
      indices: [
        index('idx_tickets_reporter', ['reporter_id', 'id']),
        index('idx_tickets_reporter_created', ['reporter_id', 'created_at']),
        index('idx_tickets_company_inbox', ['handler_company_id', 'is_open', 'due_at', 'id']),
        index('idx_tickets_community_inbox', ['community_id', 'handler_type', 'is_open', 'due_at', 'id']),
        index('idx_tickets_supervised', ['community_id', 'supervised', 'is_open', 'due_at', 'id']),
        index('idx_tickets_street', ['street_id', 'escalation_level', 'is_open', 'due_at', 'id']),
        index('idx_tickets_assignee', ['assignee_id', 'is_open', 'due_at', 'id']),
        index('idx_tickets_compound_category', ['compound_id', 'category_id', 'is_open', 'id']),
        index('idx_tickets_compound_created', ['compound_id', 'created_at']),
        index('idx_tickets_timer', ['timer_at']),
      ],
      foreignKeys: [
        fk('fk_tickets_compound', 'compound_id', 'compounds'),
        fk('fk_tickets_building', 'building_id', 'buildings'),
        fk('fk_tickets_category', 'category_id', 'categories'),
        fk('fk_tickets_reporter', 'reporter_id', 'users'),
        fk('fk_tickets_assignee', 'assignee_id', 'users'),
      ],
    });
    await create({
      name: 'ticket_events',
      columns: [
        c.id(),
        c.int('ticket_id'),
        c.varchar('action', 16),
        c.varchar('from_status', 16, { isNullable: true }),
        c.varchar('to_status', 16, { isNullable: true }),
        nullableInt('actor_id'),
        c.varchar('actor_role', 32),
        c.varchar('actor_name', 64),
        c.varchar('note', 500, { isNullable: true }),
        c.bool('internal', false),
        c.createdAt(),
      ],
      indices: [index('idx_ticket_events_ticket', ['ticket_id', 'id'])],
      foreignKeys: [fk('fk_ticket_events_ticket', 'ticket_id', 'tickets', 'CASCADE')],
    });
    await create({
      name: 'ticket_followers',
      columns: [c.int('ticket_id', { isPrimary: true }), c.int('user_id', { isPrimary: true }), c.createdAt()],
      indices: [index('idx_ticket_followers_user', ['user_id', 'ticket_id'])],
    });
    await create({
      name: 'idempotency_keys',
      columns: [
        c.id(),
        c.int('user_id'),
        c.varchar('scope', 32),
        c.varchar('idem_key', 64),
        c.varchar('request_hash', 64),
        c.int('resource_id'),
        c.createdAt(),
      ],
      indices: [index('uq_idempotency_keys', ['user_id', 'scope', 'idem_key'], true)],
    });
    await create({
      name: 'notifications',
      columns: [
        c.id(),
        c.int('user_id'),
        nullableInt('ticket_id'),
        c.varchar('kind', 32),
        c.varchar('title', 64),
        c.varchar('body', 200),
        c.varchar('page', 200),
        nullableDate('read_at'),
        c.varchar('wechat_state', 16),
        c.int('wechat_attempts', { default: 0 }),
        nullableDate('wechat_next_at'),
        c.varchar('wechat_error', 200, { isNullable: true }),
        c.varchar('lease_owner', 64, { isNullable: true }),
        nullableDate('lease_until'),
        c.createdAt(),
      ],
      indices: [
        index('idx_notifications_user', ['user_id', 'id']),
        index('idx_notifications_wechat', ['wechat_state', 'wechat_next_at']),
      ],
    });
    await create({
      name: 'wechat_consents',
      columns: [
        c.int('user_id', { isPrimary: true }),
        c.varchar('kind', 32, { isPrimary: true }),
        c.int('remaining', { default: 0 }),
      ],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'wechat_consents',
      'notifications',
      'idempotency_keys',
      'ticket_followers',
      'ticket_events',
      'tickets',
      'categories',
    ]) {
      await q.dropTable(table, true, true, true);
    }
  }
}
