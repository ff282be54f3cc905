import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The badge poll (GET /me/badges, every few seconds from every visible page) counts a person's unread
 * notifications: (user_id, read_at) reads only the unread rows, not every notification they ever had.
 */
export class NotificationUnreadIndex1764400000000 implements MigrationInterface {
  name = 'NotificationUnreadIndex1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex(
      'notifications',
      new TableIndex({ name: 'idx_notifications_unread', columnNames: ['user_id', 'read_at'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('notifications', 'idx_notifications_unread');
  }
}
