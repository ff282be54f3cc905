import Fastify from 'fastify';
import { createPool, type Pool, type PoolConnection, type ResultSetHeader, type RowDataPacket } from 'mysql2/promise';
import { toMysqlUri } from '../common/database/database-url';
import { startOfShanghaiDay } from '../common/shanghai-time';
import { computeDeadlines } from '../tickets/sla';

/**
 * The ceiling: the SQL the API sends for the same requests (copied from the statements TypeORM
 * generates, see TicketQueriesService and TicketLoader), run by hand with fastify + mysql2 and returned as raw JSON rows.
 * No Nest, no ORM, no validation pipe, no view mapping, no per-request authentication — the caller is
 * a fixed user id — so the API/ceiling ratio is the price of everything the API does around the SQL.
 */

export interface CeilingOptions {
  url: string;
  /** Residents who report (create); the load generator names one per request in x-user-id. */
  creatorIds: number[];
  /** Resident whose own tickets are listed (mine). */
  readerId: number;
  /** Manager whose companies' inbox is listed. */
  managerId: number;
}

export interface Ceiling {
  port: number;
  close(): Promise<void>;
}

const cols = (alias: string, names: string[]) => names.map((n) => `\`${alias}\`.\`${n}\` AS \`${alias}_${n}\``).join(', ');

// The columns TypeORM selects: every mapped column of each entity (the ticket; the rows insertTicket reads).
const TICKET = [
  'id',
  'version',
  'created_at',
  'updated_at',
  'compound_id',
  'community_id',
  'street_id',
  'building_id',
  'household_id',
  'qr_code_id',
  'place_label',
  'category_id',
  'kind',
  'source',
  'priority',
  'status',
  'is_open',
  'description',
  'reporter_id',
  'reporter_name',
  'reporter_phone',
  'created_by_id',
  'complaint_target',
  'anonymous',
  'handler_type',
  'handler_company_id',
  'assignee_id',
  'accept_deadline',
  'resolve_deadline',
  'due_at',
  'timer_at',
  'accepted_at',
  'resolved_at',
  'closed_at',
  'accept_breached',
  'resolve_breached',
  'escalation_level',
  'supervised',
  'reopen_count',
  'follower_count',
  'preferred_visit_at',
  'paused_at',
  'paused_from',
  'pause_reason',
  'pause_until',
  'rating',
  'rating_speed',
  'rating_attitude',
  'rating_comment',
  'follow_up',
  'duplicate_of_id',
];
const CATEGORY = [
  'id',
  'version',
  'created_at',
  'updated_at',
  'compound_id',
  'kind',
  'name',
  'icon',
  'priority',
  'accept_minutes',
  'resolve_hours',
  'sort',
  'active',
];
const COMPOUND = [
  'id',
  'version',
  'created_at',
  'updated_at',
  'community_id',
  'name',
  'address',
  'type',
  'management_mode',
  'company_id',
];
const COMMUNITY = ['id', 'version', 'created_at', 'updated_at', 'street_id', 'name'];
const USER = ['id', 'version', 'created_at', 'updated_at', 'name', 'phone', 'openid', 'unionid'];

/**
 * TicketLoader.loadMany: the tickets with what they show, the viewer's follow and the handler's name
 * (first parameter: the viewer's user id).
 */
export const JOINED =
  `SELECT ${cols('t', TICKET)}, ${cols('category', ['id', 'name', 'kind', 'priority', 'accept_minutes', 'resolve_hours'])}, ` +
  `${cols('compound', ['id', 'name', 'community_id', 'management_mode', 'company_id'])}, ${cols('building', ['id', 'name', 'grid_id'])}, ` +
  `${cols('assignee', ['id', 'name'])}, ` +
  '`hco`.`name` AS `handler_company_name`, `hco`.`id` AS `hco_id`, `hcm`.`name` AS `handler_community_name`, `hcm`.`id` AS `hcm_id`, ' +
  '`viewer`.`user_id` AS `viewer_follows` ' +
  'FROM `tickets` `t` INNER JOIN `categories` `category` ON `category`.`id`=`t`.`category_id` ' +
  'INNER JOIN `compounds` `compound` ON `compound`.`id`=`t`.`compound_id` ' +
  'LEFT JOIN `buildings` `building` ON `building`.`id`=`t`.`building_id` ' +
  'LEFT JOIN `users` `assignee` ON `assignee`.`id`=`t`.`assignee_id` ' +
  'LEFT JOIN `ticket_followers` `viewer` ON `viewer`.`ticket_id` = `t`.`id` AND `viewer`.`user_id` = ? ' +
  'LEFT JOIN `property_companies` `hco` ON `hco`.`id` = `t`.`handler_company_id` ' +
  "LEFT JOIN `communities` `hcm` ON `hcm`.`id` = `t`.`community_id` AND `t`.`handler_type` = 'community'";

/** The page's keys come from `tickets` alone, as in TicketQueriesService (then joined by id: see hydrate). */
const PAGE = `SELECT ${cols('t', ['id', 'due_at'])} FROM \`tickets\` \`t\``;

/** The manager inbox (company scope), first page or after a keyset cursor [dueAt, id]. */
export function inboxSql(companyCount: number, withCursor: boolean): string {
  const inList = new Array(companyCount).fill('?').join(', ');
  return (
    `${PAGE} WHERE \`t\`.\`is_open\` = ? AND (\`t\`.\`handler_type\` = 'company' AND \`t\`.\`handler_company_id\` IN (${inList}))` +
    (withCursor ? ' AND ((`t`.`due_at` > ?) OR (`t`.`due_at` = ? AND `t`.`id` > ?))' : '') +
    ' ORDER BY `t`.`due_at` ASC, `t`.`id` ASC LIMIT ?'
  );
}

/** The reporter's list, newest first, optionally after a cursor [id]. */
export function mineSql(withCursor: boolean): string {
  return `${PAGE} WHERE \`t\`.\`reporter_id\` = ?${withCursor ? ' AND ((`t`.`id` < ?))' : ''} ORDER BY \`t\`.\`id\` DESC LIMIT ?`;
}

/** Same cursor format as common/pagination/keyset.ts: base64url of a JSON array of the key values. */
const encodeCursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
function decodeCursor(cursor: string | undefined): unknown[] | null {
  if (!cursor) return null;
  const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
  if (!Array.isArray(values)) throw new Error('bad cursor');
  return values;
}

interface ListQuery {
  limit?: string;
  cursor?: string;
}

const pageLimit = (q: ListQuery) => Math.min(100, Math.max(1, Number(q.limit ?? 20) || 20));

export async function startCeiling(options: CeilingOptions): Promise<Ceiling> {
  // Pool size and settings as the API's DataSource (connectionLimit 20, UTC, utf8mb4_unicode_ci).
  const pool: Pool = createPool({
    uri: toMysqlUri(options.url),
    connectionLimit: 20,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
  });
  const [assignments] = await pool.query<RowDataPacket[]>(
    "SELECT scope_id FROM role_assignments WHERE user_id = ? AND role = 'manager' AND scope_type = 'company'",
    [options.managerId],
  );
  const companies = assignments.map((a) => Number(a.scope_id));
  if (!companies.length) throw new Error(`user ${options.managerId} manages no company`);

  const app = Fastify({ logger: false });

  /** The page's rows with their category, compound, building and assignee, in page order. */
  const hydrate = async (viewerId: number, page: RowDataPacket[]): Promise<RowDataPacket[]> => {
    if (!page.length) return [];
    const ids = page.map((r) => r.t_id as number);
    const [rows] = await pool.query<RowDataPacket[]>(`${JOINED} WHERE \`t\`.\`id\` IN (?)`, [viewerId, ids]);
    return ids.map((id) => rows.find((r) => r.t_id === id)!);
  };

  app.get<{ Querystring: ListQuery }>('/tickets/inbox', async (request) => {
    const limit = pageLimit(request.query);
    const cursor = decodeCursor(request.query.cursor);
    const params: unknown[] = [true, ...companies];
    if (cursor) params.push(new Date(cursor[0] as string), new Date(cursor[0] as string), cursor[1]);
    params.push(limit + 1);
    const [rows] = await pool.query<RowDataPacket[]>(inboxSql(companies.length, !!cursor), params);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await hydrate(options.managerId, page),
      nextCursor: rows.length > limit && last ? encodeCursor([(last.t_due_at as Date).toISOString(), last.t_id]) : null,
    };
  });

  app.get<{ Querystring: ListQuery }>('/tickets/mine', async (request) => {
    const limit = pageLimit(request.query);
    const cursor = decodeCursor(request.query.cursor);
    const params: unknown[] = [options.readerId];
    if (cursor) params.push(cursor[0]);
    params.push(limit + 1);
    const [rows] = await pool.query<RowDataPacket[]>(mineSql(!!cursor), params);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: await hydrate(options.readerId, page),
      nextCursor: rows.length > limit && last ? encodeCursor([last.t_id]) : null,
    };
  });

  app.post<{ Body: { compoundId?: unknown; categoryId?: unknown; description?: unknown } }>(
    '/tickets',
    async (request, reply) => {
      const { compoundId, categoryId, description } = request.body ?? {};
      if (
        !Number.isInteger(compoundId) ||
        !Number.isInteger(categoryId) ||
        typeof description !== 'string' ||
        description.length < 2
      ) {
        return reply.status(400).send({ statusCode: 400, code: 'VALIDATION_FAILED' });
      }
      const conn: PoolConnection = await pool.getConnection();
      let id: number;
      const named = Number(request.headers['x-user-id']);
      const creator = options.creatorIds.includes(named) ? named : options.creatorIds[0];
      try {
        await conn.beginTransaction();
        try {
          id = await insertTicket(conn, creator, compoundId as number, categoryId as number, description.trim());
          await conn.commit();
        } catch (error) {
          await conn.rollback();
          throw error;
        }
      } finally {
        conn.release();
      }
      const [rows] = await pool.query<RowDataPacket[]>(`${JOINED} WHERE \`t\`.\`id\` = ?`, [creator, id]);
      return reply.status(201).send(rows[0]);
    },
  );

  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: async () => {
      await app.close();
      await pool.end();
    },
  };
}

/**
 * IntakeService.insert's statements for a resident reporting in a compound (no QR code, building or
 * photos). The bench reports a repair: for complaints the API also notifies the community's supervisors.
 */
async function insertTicket(
  conn: PoolConnection,
  userId: number,
  compoundId: number,
  categoryId: number,
  description: string,
): Promise<number> {
  // As the API: one report per person at a time (daily cap), the first statement of the transaction.
  await conn.query('SELECT id FROM users WHERE id = ? FOR UPDATE', [userId]);
  const [compounds] = await conn.query<RowDataPacket[]>(
    `SELECT ${cols('k', COMPOUND)}, ${cols('c', COMMUNITY)} FROM \`compounds\` \`k\` INNER JOIN \`communities\` \`c\` ON \`c\`.\`id\`=\`k\`.\`community_id\` WHERE \`k\`.\`id\` = ?`,
    [compoundId],
  );
  const compound = compounds[0];
  if (!compound) throw new Error('COMPOUND_NOT_FOUND');
  const [categories] = await conn.query<RowDataPacket[]>(
    // With the compound's own deadlines for a default (类别与时限), as the API reads it.
    `SELECT ${cols('Category', CATEGORY)}, \`o\`.\`accept_minutes\` AS \`o_accept_minutes\`, \`o\`.\`resolve_hours\` AS \`o_resolve_hours\`, ` +
      `\`o\`.\`id\` AS \`o_id\` FROM \`categories\` \`Category\` LEFT JOIN \`category_overrides\` \`o\` ` +
      `ON \`o\`.\`category_id\` = \`Category\`.\`id\` AND \`o\`.\`compound_id\` = ? WHERE \`Category\`.\`id\` = ?`,
    [compoundId, categoryId],
  );
  const category = categories[0];
  if (!category) throw new Error('CATEGORY_NOT_FOUND');
  const [users] = await conn.query<RowDataPacket[]>(
    `SELECT ${cols('User', USER)} FROM \`users\` \`User\` WHERE ((\`User\`.\`id\` = ?)) LIMIT 1`,
    [userId],
  );
  const me = users[0];
  const now = new Date();
  // The daily cap is counted like the API counts it; the bench sets the cap out of reach.
  await conn.query('SELECT COUNT(*) AS `reports` FROM `tickets` `t` WHERE `t`.`reporter_id` = ? AND `t`.`created_at` >= ?', [
    userId,
    startOfShanghaiDay(now),
  ]);
  const { acceptDeadline, resolveDeadline } = computeDeadlines(now, {
    acceptMinutes: category.o_id === null ? category.Category_accept_minutes : category.o_accept_minutes,
    resolveHours: category.o_id === null ? category.Category_resolve_hours : category.o_resolve_hours,
    priority: category.Category_priority,
  });
  const company =
    compound.k_management_mode === 'company' && compound.k_company_id !== null ? Number(compound.k_company_id) : null;
  const isComplaint = category.Category_kind === 'complaint';
  const complaintTarget = isComplaint ? 'company' : null;
  const place = '小区公共区域';
  const [inserted] = await conn.query<ResultSetHeader>(
    'INSERT INTO `tickets`(`version`, `created_at`, `updated_at`, `compound_id`, `community_id`, `street_id`, `building_id`, `household_id`, ' +
      '`qr_code_id`, `place_label`, `category_id`, `kind`, `source`, `priority`, `status`, `is_open`, `description`, `reporter_id`, ' +
      '`reporter_name`, `reporter_phone`, `created_by_id`, `complaint_target`, `anonymous`, `handler_type`, `handler_company_id`, ' +
      '`assignee_id`, `accept_deadline`, `resolve_deadline`, `due_at`, `timer_at`, `supervised`, `preferred_visit_at`) ' +
      'VALUES (1, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, NULL)',
    [
      now,
      now,
      compoundId,
      compound.k_community_id,
      compound.c_street_id,
      place,
      categoryId,
      category.Category_kind,
      'miniapp',
      category.Category_priority,
      'submitted',
      true,
      description,
      userId,
      me.User_name,
      me.User_phone,
      userId,
      complaintTarget,
      false,
      company !== null ? 'company' : 'community',
      company,
      acceptDeadline,
      resolveDeadline,
      acceptDeadline,
      acceptDeadline,
      complaintTarget === 'company',
    ],
  );
  const id = inserted.insertId;
  await conn.query(
    'INSERT INTO `ticket_events`(`ticket_id`, `action`, `from_status`, `to_status`, `actor_id`, `actor_role`, `actor_name`, `note`, `internal`, `created_at`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [id, 'create', null, 'submitted', userId, 'reporter', me.User_name, null, false, now],
  );
  const [handlers] = await conn.query<RowDataPacket[]>(
    company !== null
      ? "SELECT DISTINCT `a`.`user_id` AS `userId` FROM `role_assignments` `a` WHERE `a`.`role` = ? AND ((`a`.`scope_type` = 'company' AND `a`.`scope_id` = ?) OR (`a`.`scope_type` = 'compound' AND `a`.`scope_id` = ?))"
      : "SELECT DISTINCT `a`.`user_id` AS `userId` FROM `role_assignments` `a` WHERE `a`.`role` = ? AND `a`.`scope_type` = 'community' AND `a`.`scope_id` = ?",
    company !== null ? ['manager', company, compoundId] : ['community_admin', compound.k_community_id],
  );
  if (handlers.length) {
    const title = `新${isComplaint ? '投诉' : '工单'}：${category.Category_name}`.slice(0, 64);
    const body = `${compound.k_name} ${place}：${description}`.slice(0, 200);
    await conn.query(
      'INSERT INTO `notifications`(`user_id`, `ticket_id`, `kind`, `title`, `body`, `page`, `wechat_state`, `wechat_attempts`, `wechat_next_at`) VALUES ?',
      [handlers.map((h) => [h.userId, id, 'ticket_new', title, body, `/packages/staff/ticket?id=${id}`, 'pending', 0, now])],
    );
  }
  return id;
}
