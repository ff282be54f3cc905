import type { Role } from '@doorstep/contracts';
import type { DataSource } from 'typeorm';
import { factories, nextPhone, type Factories } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import type { Household } from '../src/households/household.entity';
import type { User } from '../src/users/user.entity';

/**
 * The permission matrix: every endpoint × every role × an object in the role's own scope and one in a
 * foreign scope. Allowed calls succeed; refused ones are 403/404 (never a leak); without a token, 401.
 * A last test fails when an endpoint exists that this matrix does not cover.
 */

type Actor = Role | 'stranger';
const ACTORS: Actor[] = ['platform_admin', 'street_admin', 'community_admin', 'grid_worker', 'manager', 'staff', 'resident', 'stranger'];

interface Req {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  body?: object;
  /** multipart upload of a CSV */
  csv?: string;
}

interface World {
  f: Factories & { __db: DataSource };
  street: number; street2: number;
  community: number; community2: number;
  grid: number; grid2: number;
  company: number; company2: number;
  compound: number; compound2: number;
  building: number; building2: number;
  household: Household; household2: Household;
  users: Record<Actor, User>;
}

interface Case {
  /** As Fastify registered it, e.g. `GET /api/v1/streets/:id`. */
  route: string;
  /** Who may call it on their own scope's object; 'signed-in' = anyone signed in; 'public' = anyone at all. */
  allowed: Actor[] | 'signed-in' | 'public';
  own: (w: World, actor: Actor) => Promise<Req> | Req;
  /** The same call on another street's object: only the platform admin (or everyone for 'signed-in'). */
  foreign?: (w: World, actor: Actor) => Promise<Req> | Req;
  /** For lists filtered by scope: true when the response shows a foreign object. */
  leaks?: (body: any, w: World) => boolean;
}

let n = 0;
const uniq = (prefix: string) => `${prefix}M${++n}`;
const version = async (w: World, table: string, id: number) =>
  Number((await w.f.__db.query(`SELECT version FROM ${table} WHERE id = ?`, [id]))[0].version);
const ids = (body: { items: Array<{ id: number }> }) => body.items.map((i) => i.id);

const CASES: Case[] = [
  { route: 'GET /api/v1/health', allowed: 'public', own: () => ({ method: 'GET', url: '/api/v1/health' }) },
  { route: 'GET /api/v1/auth/demo-users', allowed: 'public', own: () => ({ method: 'GET', url: '/api/v1/auth/demo-users' }) },
  { route: 'POST /api/v1/auth/demo', allowed: 'public', own: (w) => ({ method: 'POST', url: '/api/v1/auth/demo', body: { phone: w.users.stranger.phone } }) },
  { route: 'POST /api/v1/auth/wechat', allowed: 'public', own: () => ({ method: 'POST', url: '/api/v1/auth/wechat', body: { code: 'x' } }) },
  { route: 'POST /api/v1/auth/refresh', allowed: 'public', own: () => ({ method: 'POST', url: '/api/v1/auth/refresh', body: { refreshToken: 'x' } }) },
  { route: 'POST /api/v1/auth/logout', allowed: 'signed-in', own: () => ({ method: 'POST', url: '/api/v1/auth/logout' }) },
  { route: 'GET /api/v1/me', allowed: 'signed-in', own: () => ({ method: 'GET', url: '/api/v1/me' }) },

  // streets
  { route: 'POST /api/v1/streets', allowed: ['platform_admin'], own: () => ({ method: 'POST', url: '/api/v1/streets', body: { name: uniq('街道') } }) },
  {
    route: 'GET /api/v1/streets', allowed: ['platform_admin', 'street_admin'],
    own: () => ({ method: 'GET', url: '/api/v1/streets?limit=100' }),
    leaks: (b, w) => ids(b).includes(w.street2),
  },
  {
    route: 'GET /api/v1/streets/:id', allowed: ['platform_admin', 'street_admin'],
    own: (w) => ({ method: 'GET', url: `/api/v1/streets/${w.street}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/streets/${w.street2}` }),
  },
  {
    route: 'PATCH /api/v1/streets/:id', allowed: ['platform_admin'],
    own: async (w) => ({ method: 'PATCH', url: `/api/v1/streets/${w.street}`, body: { version: await version(w, 'streets', w.street), district: uniq('区') } }),
    foreign: async (w) => ({ method: 'PATCH', url: `/api/v1/streets/${w.street2}`, body: { version: await version(w, 'streets', w.street2), district: uniq('区') } }),
  },

  // communities
  {
    route: 'POST /api/v1/communities', allowed: ['platform_admin', 'street_admin'],
    own: (w) => ({ method: 'POST', url: '/api/v1/communities', body: { streetId: w.street, name: uniq('社区') } }),
    foreign: (w) => ({ method: 'POST', url: '/api/v1/communities', body: { streetId: w.street2, name: uniq('社区') } }),
  },
  {
    route: 'GET /api/v1/communities', allowed: ['platform_admin', 'street_admin', 'community_admin'],
    own: () => ({ method: 'GET', url: '/api/v1/communities?limit=100' }),
    leaks: (b, w) => ids(b).includes(w.community2),
  },
  {
    route: 'GET /api/v1/communities/:id', allowed: ['platform_admin', 'street_admin', 'community_admin'],
    own: (w) => ({ method: 'GET', url: `/api/v1/communities/${w.community}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/communities/${w.community2}` }),
  },
  {
    route: 'PATCH /api/v1/communities/:id', allowed: ['platform_admin', 'street_admin'],
    own: async (w) => ({ method: 'PATCH', url: `/api/v1/communities/${w.community}`, body: { version: await version(w, 'communities', w.community), name: uniq('社区') } }),
    foreign: async (w) => ({ method: 'PATCH', url: `/api/v1/communities/${w.community2}`, body: { version: await version(w, 'communities', w.community2), name: uniq('社区') } }),
  },

  // grids
  {
    route: 'POST /api/v1/grids', allowed: ['platform_admin', 'community_admin'],
    own: (w) => ({ method: 'POST', url: '/api/v1/grids', body: { communityId: w.community, name: uniq('网格') } }),
    foreign: (w) => ({ method: 'POST', url: '/api/v1/grids', body: { communityId: w.community2, name: uniq('网格') } }),
  },
  {
    route: 'GET /api/v1/grids', allowed: ['platform_admin', 'street_admin', 'community_admin', 'grid_worker'],
    own: () => ({ method: 'GET', url: '/api/v1/grids?limit=100' }),
    leaks: (b, w) => ids(b).includes(w.grid2),
  },
  {
    route: 'GET /api/v1/grids/:id', allowed: ['platform_admin', 'street_admin', 'community_admin', 'grid_worker'],
    own: (w) => ({ method: 'GET', url: `/api/v1/grids/${w.grid}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/grids/${w.grid2}` }),
  },
  {
    route: 'PATCH /api/v1/grids/:id', allowed: ['platform_admin', 'community_admin'],
    own: async (w) => ({ method: 'PATCH', url: `/api/v1/grids/${w.grid}`, body: { version: await version(w, 'grids', w.grid), name: uniq('网格') } }),
    foreign: async (w) => ({ method: 'PATCH', url: `/api/v1/grids/${w.grid2}`, body: { version: await version(w, 'grids', w.grid2), name: uniq('网格') } }),
  },

  // companies
  { route: 'POST /api/v1/companies', allowed: ['platform_admin', 'street_admin'], own: () => ({ method: 'POST', url: '/api/v1/companies', body: { name: uniq('物业') } }) },
  {
    route: 'GET /api/v1/companies', allowed: ['platform_admin', 'street_admin', 'community_admin', 'manager', 'staff'],
    own: () => ({ method: 'GET', url: '/api/v1/companies?limit=100' }),
    leaks: (b, w) => ids(b).includes(w.company2),
  },
  {
    route: 'GET /api/v1/companies/:id', allowed: ['platform_admin', 'street_admin', 'community_admin', 'manager', 'staff'],
    own: (w) => ({ method: 'GET', url: `/api/v1/companies/${w.company}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/companies/${w.company2}` }),
  },
  {
    route: 'PATCH /api/v1/companies/:id', allowed: ['platform_admin', 'street_admin'],
    own: async (w) => ({ method: 'PATCH', url: `/api/v1/companies/${w.company}`, body: { version: await version(w, 'property_companies', w.company), contactPhone: '010-12345678' } }),
    foreign: async (w) => ({ method: 'PATCH', url: `/api/v1/companies/${w.company2}`, body: { version: await version(w, 'property_companies', w.company2), contactPhone: '010-12345678' } }),
  },

  // compounds
  {
    route: 'POST /api/v1/compounds', allowed: ['platform_admin', 'street_admin', 'community_admin'],
    own: (w) => ({ method: 'POST', url: '/api/v1/compounds', body: { communityId: w.community, name: uniq('小区'), type: 'old', managementMode: 'shared' } }),
    foreign: (w) => ({ method: 'POST', url: '/api/v1/compounds', body: { communityId: w.community2, name: uniq('小区'), type: 'old', managementMode: 'shared' } }),
  },
  {
    route: 'GET /api/v1/compounds', allowed: 'signed-in',
    own: () => ({ method: 'GET', url: '/api/v1/compounds?limit=100' }),
    leaks: (b, w) => ids(b).includes(w.compound2),
  },
  {
    route: 'GET /api/v1/compounds/:id', allowed: 'signed-in',
    own: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound2}` }),
  },
  {
    route: 'PATCH /api/v1/compounds/:id', allowed: ['platform_admin', 'street_admin', 'community_admin'],
    own: async (w) => ({ method: 'PATCH', url: `/api/v1/compounds/${w.compound}`, body: { version: await version(w, 'compounds', w.compound), address: uniq('路') } }),
    foreign: async (w) => ({ method: 'PATCH', url: `/api/v1/compounds/${w.compound2}`, body: { version: await version(w, 'compounds', w.compound2), address: uniq('路') } }),
  },

  // buildings
  {
    route: 'POST /api/v1/buildings', allowed: ['platform_admin', 'community_admin', 'manager'],
    own: (w) => ({ method: 'POST', url: '/api/v1/buildings', body: { compoundId: w.compound, name: uniq('楼') } }),
    foreign: (w) => ({ method: 'POST', url: '/api/v1/buildings', body: { compoundId: w.compound2, name: uniq('楼') } }),
  },
  {
    route: 'GET /api/v1/buildings', allowed: 'signed-in',
    own: (w) => ({ method: 'GET', url: `/api/v1/buildings?compoundId=${w.compound}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/buildings?compoundId=${w.compound2}` }),
  },
  {
    route: 'GET /api/v1/buildings/:id', allowed: 'signed-in',
    own: (w) => ({ method: 'GET', url: `/api/v1/buildings/${w.building}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/buildings/${w.building2}` }),
  },
  {
    route: 'PATCH /api/v1/buildings/:id', allowed: ['platform_admin', 'community_admin', 'manager'],
    own: async (w) => ({ method: 'PATCH', url: `/api/v1/buildings/${w.building}`, body: { version: await version(w, 'buildings', w.building), gridId: w.grid } }),
    foreign: async (w) => ({ method: 'PATCH', url: `/api/v1/buildings/${w.building2}`, body: { version: await version(w, 'buildings', w.building2), gridId: w.grid2 } }),
  },
  {
    route: 'GET /api/v1/buildings/:id/household-options', allowed: 'signed-in',
    own: (w) => ({ method: 'GET', url: `/api/v1/buildings/${w.building}/household-options` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/buildings/${w.building2}/household-options` }),
  },

  // households
  {
    route: 'POST /api/v1/households', allowed: ['platform_admin', 'community_admin', 'manager'],
    own: (w) => ({ method: 'POST', url: '/api/v1/households', body: { buildingId: w.building, unit: '9', room: uniq('R'), areaHundredths: 5000 } }),
    foreign: (w) => ({ method: 'POST', url: '/api/v1/households', body: { buildingId: w.building2, unit: '9', room: uniq('R'), areaHundredths: 5000 } }),
  },
  {
    route: 'GET /api/v1/households', allowed: ['platform_admin', 'street_admin', 'community_admin', 'manager'],
    own: (w) => ({ method: 'GET', url: `/api/v1/households?compoundId=${w.compound}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/households?compoundId=${w.compound2}` }),
  },
  {
    // The same route listed by grid: the grid worker's way in.
    route: 'GET /api/v1/households',
    allowed: ['platform_admin', 'street_admin', 'community_admin', 'grid_worker'],
    own: (w) => ({ method: 'GET', url: `/api/v1/households?gridId=${w.grid}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/households?gridId=${w.grid2}` }),
  },
  {
    route: 'GET /api/v1/households/:id', allowed: ['platform_admin', 'street_admin', 'community_admin', 'grid_worker', 'manager', 'resident'],
    own: (w) => ({ method: 'GET', url: `/api/v1/households/${w.household.id}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/households/${w.household2.id}` }),
  },
  {
    route: 'PATCH /api/v1/households/:id', allowed: ['platform_admin', 'community_admin', 'manager'],
    own: async (w) => ({ method: 'PATCH', url: `/api/v1/households/${w.household.id}`, body: { version: await version(w, 'households', w.household.id), ownerName: uniq('业主') } }),
    foreign: async (w) => ({ method: 'PATCH', url: `/api/v1/households/${w.household2.id}`, body: { version: await version(w, 'households', w.household2.id), ownerName: uniq('业主') } }),
  },
  {
    route: 'POST /api/v1/compounds/:id/households/import', allowed: ['platform_admin', 'community_admin', 'manager'],
    own: (w) => ({ method: 'POST', url: `/api/v1/compounds/${w.compound}/households/import`, csv: `楼栋,单元,房号,面积\n导入楼,1,${uniq('')},88.5\n` }),
    foreign: (w) => ({ method: 'POST', url: `/api/v1/compounds/${w.compound2}/households/import`, csv: `楼栋,单元,房号,面积\n导入楼,1,${uniq('')},88.5\n` }),
  },

  // people
  { route: 'POST /api/v1/users', allowed: ['platform_admin'], own: () => ({ method: 'POST', url: '/api/v1/users', body: { name: uniq('人'), phone: nextPhone() } }) },
  {
    route: 'GET /api/v1/users', allowed: ['platform_admin', 'street_admin', 'community_admin', 'manager'],
    own: (w) => ({ method: 'GET', url: `/api/v1/users?phone=${w.users.stranger.phone}` }),
  },
  {
    route: 'GET /api/v1/users/:id', allowed: 'signed-in',
    own: (w, actor) => ({ method: 'GET', url: `/api/v1/users/${w.users[actor].id}` }),
    foreign: (w, actor) => ({ method: 'GET', url: `/api/v1/users/${w.users[actor === 'stranger' ? 'resident' : 'stranger'].id}` }),
  },
  {
    route: 'PATCH /api/v1/users/:id', allowed: 'signed-in',
    own: async (w, actor) => ({ method: 'PATCH', url: `/api/v1/users/${w.users[actor].id}`, body: { version: await version(w, 'users', w.users[actor].id), name: w.users[actor].name } }),
    foreign: async (w, actor) => {
      const other = w.users[actor === 'stranger' ? 'resident' : 'stranger'];
      return { method: 'PATCH', url: `/api/v1/users/${other.id}`, body: { version: await version(w, 'users', other.id), name: other.name } };
    },
  },
  {
    route: 'POST /api/v1/role-assignments', allowed: ['platform_admin', 'street_admin', 'community_admin', 'manager'],
    own: async (w) => ({ method: 'POST', url: '/api/v1/role-assignments', body: { userId: (await w.f.user()).id, role: 'staff', scopeType: 'company', scopeId: w.company } }),
    foreign: async (w) => ({ method: 'POST', url: '/api/v1/role-assignments', body: { userId: (await w.f.user()).id, role: 'staff', scopeType: 'company', scopeId: w.company2 } }),
  },
  {
    route: 'GET /api/v1/role-assignments', allowed: ['platform_admin', 'street_admin', 'community_admin', 'manager'],
    own: (w) => ({ method: 'GET', url: `/api/v1/role-assignments?scopeType=company&scopeId=${w.company}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/role-assignments?scopeType=company&scopeId=${w.company2}` }),
  },
  {
    route: 'DELETE /api/v1/role-assignments/:id', allowed: ['platform_admin', 'street_admin', 'community_admin', 'manager'],
    own: async (w) => ({ method: 'DELETE', url: `/api/v1/role-assignments/${(await w.f.role((await w.f.user()).id, 'staff', 'company', w.company)).id}` }),
    foreign: async (w) => ({ method: 'DELETE', url: `/api/v1/role-assignments/${(await w.f.role((await w.f.user()).id, 'staff', 'company', w.company2)).id}` }),
  },
  {
    route: 'POST /api/v1/memberships', allowed: 'signed-in',
    own: (w) => ({ method: 'POST', url: '/api/v1/memberships', body: { householdId: w.household.id, relation: 'family' } }),
  },
  { route: 'GET /api/v1/me/memberships', allowed: 'signed-in', own: () => ({ method: 'GET', url: '/api/v1/me/memberships' }) },
  {
    route: 'GET /api/v1/memberships', allowed: ['platform_admin', 'community_admin', 'manager'],
    own: (w) => ({ method: 'GET', url: `/api/v1/memberships?compoundId=${w.compound}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/memberships?compoundId=${w.compound2}` }),
  },
  ...(['verify', 'reject'] as const).map(
    (action): Case => ({
      route: `POST /api/v1/memberships/:id/${action}`,
      allowed: ['platform_admin', 'community_admin', 'manager'],
      own: async (w) => {
        const m = await w.f.membership(w.household, (await w.f.user()).id, 'pending');
        return { method: 'POST', url: `/api/v1/memberships/${m.id}/${action}`, body: { version: m.version, reason: '不是本户' } };
      },
      foreign: async (w) => {
        const m = await w.f.membership(w.household2, (await w.f.user()).id, 'pending');
        return { method: 'POST', url: `/api/v1/memberships/${m.id}/${action}`, body: { version: m.version, reason: '不是本户' } };
      },
    }),
  ),
];

describe('permission matrix', () => {
  let t: TestApp;
  let w: World;
  const tokens = {} as Record<Actor, string>;

  beforeAll(async () => {
    t = await startTestApp();
    const f = Object.assign(factories(t.db), { __db: t.db });
    const street = await f.street();
    const street2 = await f.street();
    const community = await f.community(street.id);
    const community2 = await f.community(street2.id);
    const grid = await f.grid(community.id);
    const grid2 = await f.grid(community2.id);
    const company = await f.company();
    const company2 = await f.company();
    const compound = await f.compound(community.id, { companyId: company.id, managementMode: 'company' });
    const compound2 = await f.compound(community2.id, { companyId: company2.id, managementMode: 'company' });
    const building = await f.building(compound.id, { gridId: grid.id });
    const building2 = await f.building(compound2.id, { gridId: grid2.id });
    const household = await f.household(building);
    const household2 = await f.household(building2);
    const scoped: Array<[Role, Parameters<Factories['role']>[2], number]> = [
      ['platform_admin', 'platform', 0],
      ['street_admin', 'street', street.id],
      ['community_admin', 'community', community.id],
      ['grid_worker', 'grid', grid.id],
      ['manager', 'company', company.id],
      ['staff', 'company', company.id],
    ];
    const users = {} as Record<Actor, User>;
    for (const [role, scopeType, scopeId] of scoped) {
      users[role] = await f.user({ name: role });
      await f.role(users[role].id, role, scopeType, scopeId);
    }
    users.resident = await f.user({ name: 'resident' });
    await f.membership(household, users.resident.id, 'verified');
    users.stranger = await f.user({ name: 'stranger' });
    w = { f, street: street.id, street2: street2.id, community: community.id, community2: community2.id, grid: grid.id, grid2: grid2.id, company: company.id, company2: company2.id, compound: compound.id, compound2: compound2.id, building: building.id, building2: building2.id, household, household2, users };
    for (const actor of ACTORS) tokens[actor] = await t.signIn(users[actor].phone!);
  });
  afterAll(() => t.close());

  async function send(req: Req, auth: string | null) {
    let r = t.http()[req.method.toLowerCase() as 'get'](req.url);
    if (auth) r = r.set('Authorization', auth);
    if (req.csv !== undefined) return r.attach('file', Buffer.from(req.csv), { filename: 'h.csv', contentType: 'text/csv' });
    return req.body ? r.send(req.body) : r;
  }

  /** Logout ends the session it is called with, so it gets a session of its own. */
  const authFor = async (actor: Actor, req: Req) =>
    req.url.endsWith('/auth/logout') ? t.signIn(w.users[actor].phone!) : tokens[actor];

  const allows = (c: Case, actor: Actor) => c.allowed === 'public' || c.allowed === 'signed-in' || c.allowed.includes(actor);
  const describeAllowed = (c: Case) => (typeof c.allowed === 'string' ? c.allowed : c.allowed.join(', '));

  for (const c of CASES) {
    describe(`${c.route} (${describeAllowed(c)})`, () => {
      for (const actor of ACTORS) {
        const expected = allows(c, actor) ? 'allowed' : 'refused';
        it(`${actor}, own scope: ${expected}`, async () => {
          const req = await c.own(w, actor);
          const res = await send(req, await authFor(actor, req));
          if (c.allowed === 'public') {
            expect(res.status).not.toBe(500);
            expect([401, 403].includes(res.status) && res.body.code === 'UNAUTHENTICATED').toBe(false);
          } else if (expected === 'allowed') {
            expectSuccess(res);
            if (c.leaks && actor !== 'platform_admin') expect(c.leaks(res.body, w)).toBe(false);
          } else {
            expect([403, 404]).toContain(res.status);
            expect(res.body.code).toEqual(expect.any(String));
          }
        });
        if (c.foreign && c.allowed !== 'public') {
          const foreignAllowed = c.allowed === 'signed-in' || actor === 'platform_admin';
          it(`${actor}, foreign scope: ${foreignAllowed ? 'allowed' : 'refused'}`, async () => {
            const req = await c.foreign!(w, actor);
            const res = await send(req, await authFor(actor, req));
            if (foreignAllowed && !(c.route.startsWith('GET /api/v1/users/') || c.route.startsWith('PATCH /api/v1/users/'))) {
              expectSuccess(res);
            } else if (foreignAllowed) {
              // Someone else's account: only the platform admin.
              expect(actor === 'platform_admin' ? res.status < 300 : res.status === 404).toBe(true);
            } else {
              expect([403, 404]).toContain(res.status);
            }
          });
        }
      }
      if (c.allowed !== 'public') {
        it('anonymous: 401', async () => {
          const res = await send(await c.own(w, 'stranger'), null);
          expect(res.status).toBe(401);
          expect(res.body.code).toBe('UNAUTHENTICATED');
        });
      }
    });
  }

  it('covers every endpoint the API serves', () => {
    const served = t.routes
      .filter((r) => r.url.startsWith('/api/v1') && r.method !== 'HEAD' && r.method !== 'OPTIONS')
      .map((r) => `${r.method} ${r.url}`);
    const covered = new Set(CASES.map((c) => c.route));
    expect(served.filter((r) => !covered.has(r)).sort()).toEqual([]);
    expect([...covered].filter((r) => !served.includes(r)).sort()).toEqual([]);
  });
});

/** A 2xx status, or a failure that shows what came back instead. */
function expectSuccess(res: { status: number; body: unknown }): void {
  expect(res.status >= 200 && res.status < 300 ? 'success' : `${res.status} ${JSON.stringify(res.body)}`).toBe('success');
}
