import type { TicketStatus } from '@doorstep/contracts';
import { Notification } from '../../src/notifications/notification.entity';
import { Ticket } from '../../src/tickets/ticket.entity';
import { version, type Case, type World } from './matrix';

type Side = 'own' | 'foreign';

/** A ticket in the given state, written directly: reported by the resident (own) or a stranger to the callers (foreign). */
async function ticket(w: World, side: Side, status: TicketStatus, extra: Partial<Ticket> = {}): Promise<Ticket> {
  const db = w.f.__db;
  const own = side === 'own';
  const [category] = await db.query("SELECT id FROM categories WHERE name = '水电维修' AND compound_id IS NULL");
  const compoundId = own ? w.compound : w.compound2;
  const [compound] = await db.query(
    'SELECT k.community_id AS c, m.street_id AS s, k.company_id AS p FROM compounds k JOIN communities m ON m.id = k.community_id WHERE k.id = ?',
    [compoundId],
  );
  const reporter = own ? w.users.resident : await w.f.user();
  const assignee = own ? w.users.staff : await foreignStaff(w);
  const now = new Date();
  const open = !['resolved', 'closed', 'rejected', 'cancelled'].includes(status);
  const assigned = ['assigned', 'in_progress', 'paused', 'resolved', 'closed'].includes(status);
  const repo = db.getRepository(Ticket);
  return repo.save(
    repo.create({
      compoundId,
      communityId: Number(compound.c),
      streetId: Number(compound.s),
      buildingId: own ? w.building : w.building2,
      householdId: null,
      qrCodeId: null,
      placeLabel: '1号楼',
      categoryId: Number(category.id),
      kind: 'repair',
      source: 'miniapp',
      priority: 'normal',
      status,
      isOpen: open,
      description: '矩阵测试工单',
      reporterId: reporter.id,
      reporterName: reporter.name,
      reporterPhone: reporter.phone,
      createdById: reporter.id,
      complaintTarget: null,
      anonymous: false,
      handlerType: 'company',
      handlerCompanyId: Number(compound.p),
      assigneeId: assigned ? assignee.id : null,
      acceptDeadline: new Date(now.getTime() + 600_000),
      resolveDeadline: new Date(now.getTime() + 86_400_000),
      dueAt: open ? new Date(now.getTime() + 600_000) : null,
      timerAt: null,
      pausedFrom: status === 'paused' ? 'in_progress' : null,
      pausedAt: status === 'paused' ? now : null,
      resolvedAt: status === 'resolved' || status === 'closed' ? now : null,
      escalationLevel: status === 'appealed' ? 1 : 0,
      supervised: status === 'appealed',
      ...extra,
    }),
  );
}

async function proxyReport(w: World, compoundId: number, householdId: number) {
  const [c] = await w.f.__db.query("SELECT id FROM categories WHERE name = '水电维修' AND compound_id IS NULL");
  return {
    method: 'POST' as const,
    url: '/api/v1/tickets',
    body: { compoundId, householdId, categoryId: Number(c.id), description: '楼道灯坏了', source: 'proxy' },
  };
}

const foreignStaffIds = new WeakMap<World, number>();
async function foreignStaff(w: World) {
  const known = foreignStaffIds.get(w);
  if (known) return { id: known };
  const user = await w.f.user({ name: 'foreign staff' });
  await w.f.role(user.id, 'staff', 'company', w.company2);
  foreignStaffIds.set(w, user.id);
  return user;
}

/** A transition case: a fresh ticket in `status` on each side, the action's body built around it. */
function transition(
  action: string,
  status: TicketStatus,
  allowed: Case['allowed'],
  body: (w: World, t: Ticket, side: Side) => Promise<object> | object = () => ({}),
): Case {
  const build = (side: Side) => async (w: World) => {
    const t = await ticket(w, side, status);
    return {
      method: 'POST' as const,
      url: `/api/v1/tickets/${t.id}/${action}`,
      body: { version: t.version, ...(await body(w, t, side)) },
    };
  };
  // Handler and assignee actions belong to the handling company's people: nobody outside acts on them.
  const platformActs = Array.isArray(allowed) && allowed.includes('platform_admin');
  return {
    route: `POST /api/v1/tickets/:id/${action}`,
    allowed,
    own: build('own'),
    foreign: build('foreign'),
    foreignAllowed: platformActs ? ['platform_admin'] : [],
  };
}

const READERS: Case['allowed'] = [
  'platform_admin',
  'street_admin',
  'community_admin',
  'grid_worker',
  'building_leader',
  'manager',
  'staff',
  'resident',
];
const SUPERVISORS: Case['allowed'] = ['platform_admin', 'street_admin', 'community_admin'];

const readCase = (route: string, path: (id: number) => string, method: 'GET' | 'POST' = 'GET', body?: object): Case => ({
  route,
  allowed: READERS,
  own: async (w) => ({ method, url: path((await ticket(w, 'own', 'submitted')).id), body }),
  foreign: async (w) => ({ method, url: path((await ticket(w, 'foreign', 'submitted')).id), body }),
});

/** The ticket loop (issue 3). */
export const TICKET_CASES: Case[] = [
  {
    route: 'POST /api/v1/tickets',
    allowed: 'signed-in',
    own: async (w) => {
      const [c] = await w.f.__db.query("SELECT id FROM categories WHERE name = '水电维修' AND compound_id IS NULL");
      return {
        method: 'POST',
        url: '/api/v1/tickets',
        body: { compoundId: w.compound, categoryId: Number(c.id), description: '楼道灯坏了' },
      };
    },
  },
  {
    // 代办: filing for a household needs ticket.file on it (its building's 楼长, its grid's worker, the staff in charge).
    route: 'POST /api/v1/tickets',
    allowed: ['platform_admin', 'community_admin', 'grid_worker', 'building_leader', 'manager', 'staff'],
    own: async (w) => proxyReport(w, w.compound, w.household.id),
    foreign: async (w) => proxyReport(w, w.compound2, w.household2.id),
  },
  { route: 'GET /api/v1/tickets/mine', allowed: 'signed-in', own: () => ({ method: 'GET', url: '/api/v1/tickets/mine' }) },
  {
    route: 'GET /api/v1/tickets/following',
    allowed: 'signed-in',
    own: () => ({ method: 'GET', url: '/api/v1/tickets/following?limit=100' }),
    // Only what the caller follows: nobody here follows the other compound's tickets.
    leaks: (b, w) => b.items.some((i: { compoundId: number }) => i.compoundId === w.compound2),
  },
  {
    route: 'GET /api/v1/tickets/inbox',
    allowed: ['platform_admin', 'community_admin', 'manager'],
    own: () => ({ method: 'GET', url: '/api/v1/tickets/inbox?limit=100' }),
    leaks: (b, w) => b.items.some((i: { compoundId: number }) => i.compoundId === w.compound2),
  },
  {
    route: 'GET /api/v1/tickets/tasks',
    allowed: ['platform_admin', 'community_admin', 'manager', 'staff'],
    own: () => ({ method: 'GET', url: '/api/v1/tickets/tasks?limit=100' }),
    leaks: (b, w) => b.items.some((i: { compoundId: number }) => i.compoundId === w.compound2),
  },
  {
    // 已完成: a finished ticket on each side, the foreign one another company's worker's.
    route: 'GET /api/v1/tickets/tasks',
    allowed: ['platform_admin', 'community_admin', 'manager', 'staff'],
    own: async (w) => {
      await ticket(w, 'own', 'resolved');
      await ticket(w, 'foreign', 'closed');
      return { method: 'GET', url: '/api/v1/tickets/tasks?done=true&limit=100' };
    },
    leaks: (b, w) =>
      b.items.some(
        (i: { compoundId: number; status: string }) => i.compoundId === w.compound2 || !['resolved', 'closed'].includes(i.status),
      ),
  },
  {
    route: 'GET /api/v1/tickets/supervision',
    allowed: SUPERVISORS,
    own: () => ({ method: 'GET', url: '/api/v1/tickets/supervision?limit=100' }),
    leaks: (b, w) => b.items.some((i: { compoundId: number }) => i.compoundId === w.compound2),
  },
  {
    route: 'GET /api/v1/tickets',
    allowed: ['platform_admin', 'street_admin', 'community_admin', 'manager', 'staff'],
    own: (w) => ({ method: 'GET', url: `/api/v1/tickets?compoundId=${w.compound}&group=open&q=${encodeURIComponent('测试')}` }),
    foreign: (w) => ({
      method: 'GET',
      url: `/api/v1/tickets?compoundId=${w.compound2}&group=open&q=${encodeURIComponent('测试')}`,
    }),
  },
  {
    // One building's tickets: the 楼长's 本楼工单 (and the grid worker's, whose grid covers it).
    route: 'GET /api/v1/tickets',
    allowed: ['platform_admin', 'street_admin', 'community_admin', 'grid_worker', 'building_leader', 'manager', 'staff'],
    own: async (w) => {
      await ticket(w, 'foreign', 'submitted');
      return { method: 'GET', url: `/api/v1/tickets?compoundId=${w.compound}&buildingId=${w.building}&group=open&limit=100` };
    },
    foreign: (w) => ({ method: 'GET', url: `/api/v1/tickets?compoundId=${w.compound2}&buildingId=${w.building2}&group=open` }),
    leaks: (b, w) => b.items.some((i: { buildingId: number | null }) => i.buildingId !== w.building),
  },
  {
    route: 'GET /api/v1/tickets/export.xlsx',
    allowed: ['platform_admin', 'street_admin', 'community_admin', 'manager', 'staff'],
    own: (w) => ({ method: 'GET', url: `/api/v1/tickets/export.xlsx?compoundId=${w.compound}&group=open` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/tickets/export.xlsx?compoundId=${w.compound2}&group=open` }),
  },
  {
    // Whoever may merge the ticket: its handler (the company's managers), nobody of another company.
    route: 'GET /api/v1/tickets/:id/duplicate-candidates',
    allowed: ['manager'],
    foreignAllowed: [],
    own: async (w) => ({
      method: 'GET',
      url: `/api/v1/tickets/${(await ticket(w, 'own', 'submitted')).id}/duplicate-candidates`,
    }),
    foreign: async (w) => ({
      method: 'GET',
      url: `/api/v1/tickets/${(await ticket(w, 'foreign', 'submitted')).id}/duplicate-candidates`,
    }),
  },
  {
    route: 'GET /api/v1/tickets/similar',
    allowed: 'signed-in',
    own: async (w) => {
      const t = await ticket(w, 'own', 'submitted');
      return { method: 'GET', url: `/api/v1/tickets/similar?compoundId=${w.compound}&categoryId=${t.categoryId}` };
    },
  },
  readCase('GET /api/v1/tickets/:id', (id) => `/api/v1/tickets/${id}`),
  readCase('GET /api/v1/tickets/:id/events', (id) => `/api/v1/tickets/${id}/events`),
  readCase('POST /api/v1/tickets/:id/comments', (id) => `/api/v1/tickets/${id}/comments`, 'POST', { body: '请尽快处理' }),
  {
    // Only verified residents of the compound: following reads the ticket.
    route: 'POST /api/v1/tickets/:id/follow',
    allowed: ['resident'],
    foreignAllowed: [],
    own: async (w) => ({ method: 'POST', url: `/api/v1/tickets/${(await ticket(w, 'own', 'submitted')).id}/follow` }),
    foreign: async (w) => ({ method: 'POST', url: `/api/v1/tickets/${(await ticket(w, 'foreign', 'submitted')).id}/follow` }),
  },
  {
    route: 'POST /api/v1/tickets/:id/urge',
    allowed: SUPERVISORS,
    own: async (w) => ({
      method: 'POST',
      url: `/api/v1/tickets/${(await ticket(w, 'own', 'accepted')).id}/urge`,
      body: { note: '请加快处理' },
    }),
    foreign: async (w) => ({
      method: 'POST',
      url: `/api/v1/tickets/${(await ticket(w, 'foreign', 'accepted')).id}/urge`,
      body: { note: '请加快处理' },
    }),
  },
  transition('accept', 'submitted', ['manager']),
  transition('reject', 'submitted', ['manager'], () => ({ reason: '不属于物业范围' })),
  transition('assign', 'accepted', ['manager'], (w, _t, side) =>
    side === 'own' ? { assigneeId: w.users.staff.id } : foreignStaff(w).then((s) => ({ assigneeId: s.id })),
  ),
  transition('transfer', 'assigned', ['manager'], async (w, _t, side) => {
    const colleague = await w.f.user();
    await w.f.role(colleague.id, 'staff', 'company', side === 'own' ? w.company : w.company2);
    return { assigneeId: colleague.id };
  }),
  transition('divert', 'submitted', ['manager']),
  transition('start', 'assigned', ['staff']),
  transition('pause', 'in_progress', ['manager', 'staff'], () => ({ reason: '等待配件' })),
  transition('resume', 'paused', ['manager', 'staff']),
  transition('resolve', 'in_progress', ['manager', 'staff']),
  transition('cancel', 'submitted', ['resident']),
  transition('rate', 'resolved', ['resident'], () => ({ overall: 5 })),
  transition('reopen', 'resolved', ['resident']),
  transition('appeal', 'rejected', ['resident']),
  transition('uphold', 'appealed', SUPERVISORS),
  transition('reassign', 'appealed', SUPERVISORS, () => ({ handlerType: 'company' })),
  transition('merge', 'submitted', ['manager'], async (w, _t, side) => ({
    duplicateOfId: (await ticket(w, side, 'submitted')).id,
  })),
  // 退单: the assignee only (the matrix's staff member holds the own-side ticket).
  transition('hand-back', 'in_progress', ['staff'], () => ({ reason: '需要电工' })),
  transition('follow-up', 'closed', ['platform_admin', 'community_admin', 'grid_worker'], () => ({ satisfied: true })),

  {
    route: 'GET /api/v1/compounds/:id/categories',
    allowed: 'signed-in',
    own: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound}/categories` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound2}/categories` }),
  },
  {
    route: 'POST /api/v1/categories',
    allowed: ['platform_admin', 'community_admin', 'manager'],
    own: (w) => ({
      method: 'POST',
      url: '/api/v1/categories',
      body: { compoundId: w.compound, kind: 'repair', name: '充电桩', priority: 'normal', acceptMinutes: 10 },
    }),
    foreign: (w) => ({
      method: 'POST',
      url: '/api/v1/categories',
      body: { compoundId: w.compound2, kind: 'repair', name: '充电桩', priority: 'normal', acceptMinutes: 10 },
    }),
  },
  {
    route: 'PATCH /api/v1/categories/:id',
    allowed: ['platform_admin', 'community_admin', 'manager'],
    own: async (w) => {
      const id = await ownCategory(w, w.compound);
      return {
        method: 'PATCH',
        url: `/api/v1/categories/${id}`,
        body: { version: await version(w, 'categories', id), acceptMinutes: 15 },
      };
    },
    foreign: async (w) => {
      const id = await ownCategory(w, w.compound2);
      return {
        method: 'PATCH',
        url: `/api/v1/categories/${id}`,
        body: { version: await version(w, 'categories', id), acceptMinutes: 15 },
      };
    },
  },
  {
    route: 'GET /api/v1/compounds/:id/board',
    allowed: 'public',
    own: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound}/board` }),
  },

  { route: 'GET /api/v1/notifications', allowed: 'signed-in', own: () => ({ method: 'GET', url: '/api/v1/notifications' }) },
  {
    route: 'POST /api/v1/notifications/:id/read',
    allowed: 'signed-in',
    own: async (w, actor) => ({ method: 'POST', url: `/api/v1/notifications/${await notification(w, w.users[actor].id)}/read` }),
    // Someone else's notification: nobody, not even the platform admin, reads it for them.
    foreign: async (w) => ({ method: 'POST', url: `/api/v1/notifications/${await notification(w, (await w.f.user()).id)}/read` }),
    foreignAllowed: [],
  },
  {
    route: 'GET /api/v1/notifications/wechat-templates',
    allowed: 'public',
    own: () => ({ method: 'GET', url: '/api/v1/notifications/wechat-templates' }),
  },
  {
    route: 'POST /api/v1/notifications/read-all',
    allowed: 'signed-in',
    own: () => ({ method: 'POST', url: '/api/v1/notifications/read-all' }),
  },
  { route: 'GET /api/v1/me/badges', allowed: 'signed-in', own: () => ({ method: 'GET', url: '/api/v1/me/badges' }) },
  {
    route: 'POST /api/v1/me/wechat-consents',
    allowed: 'signed-in',
    own: () => ({ method: 'POST', url: '/api/v1/me/wechat-consents', body: { kinds: ['ticket_status'] } }),
  },
];

async function ownCategory(w: World, compoundId: number): Promise<number> {
  const db = w.f.__db;
  await db.query(
    "INSERT INTO categories (compound_id, kind, name, icon, priority, accept_minutes, sort, active, version) VALUES (?, 'repair', '矩阵类别', 'x', 'normal', 10, 1, 1, 1)",
    [compoundId],
  );
  const [row] = await db.query('SELECT MAX(id) AS id FROM categories WHERE compound_id = ?', [compoundId]);
  return Number(row.id);
}

async function notification(w: World, userId: number): Promise<number> {
  const repo = w.f.__db.getRepository(Notification);
  const saved = await repo.save(
    repo.create({
      userId,
      ticketId: null,
      kind: 'ticket_status',
      title: '测试',
      body: '测试',
      page: '/',
      wechatState: 'skipped',
      wechatAttempts: 0,
      readAt: null,
    }),
  );
  return saved.id;
}
