import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The categories every compound offers until it adds its own (水电维修, 电梯 …). Data, not schema, but a
 * migration so production gets them exactly once. Accept within 10 minutes everywhere ("10分钟内受理");
 * resolve by the end of the day unless hours are given; emergencies (lifts) within 4 hours.
 */
export const DEFAULT_CATEGORIES: Array<
  [kind: string, name: string, icon: string, priority: string, acceptMinutes: number, resolveHours: number | null]
> = [
  ['repair', '水电维修', 'water', 'normal', 10, null],
  ['repair', '管道疏通', 'pipe', 'urgent', 10, null],
  ['repair', '电梯故障', 'elevator', 'emergency', 10, 4],
  ['repair', '门窗门禁', 'door', 'normal', 10, null],
  ['repair', '公共照明', 'light', 'normal', 10, 48],
  ['repair', '楼道清扫', 'broom', 'normal', 10, null],
  ['repair', '冬季清雪', 'snow', 'urgent', 10, null],
  ['repair', '绿化养护', 'tree', 'normal', 10, 72],
  ['complaint', '噪音扰民', 'noise', 'normal', 10, null],
  ['complaint', '车辆乱停', 'car', 'normal', 10, null],
  ['complaint', '安全隐患', 'warning', 'urgent', 10, null],
  ['complaint', '物业服务态度', 'service', 'normal', 10, 48],
  ['complaint', '垃圾清运', 'trash', 'normal', 10, null],
  ['suggestion', '建议', 'idea', 'normal', 30, 72],
  ['suggestion', '咨询', 'question', 'normal', 30, 48],
];

export class DefaultCategories1764200000001 implements MigrationInterface {
  name = 'DefaultCategories1764200000001';

  async up(q: QueryRunner): Promise<void> {
    // Plain SQL with `?` placeholders (MySQL and SQLite alike), so this never depends on entity metadata.
    for (const [i, [kind, name, icon, priority, acceptMinutes, resolveHours]] of DEFAULT_CATEGORIES.entries()) {
      await q.query(
        'INSERT INTO categories (compound_id, kind, name, icon, priority, accept_minutes, resolve_hours, sort, active, version) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, 1, 1)',
        [kind, name, icon, priority, acceptMinutes, resolveHours, i + 1],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM categories WHERE compound_id IS NULL');
  }
}
