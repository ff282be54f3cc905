import { nextPhone } from '../support/factories';
import { ids, uniq, version, type Case, type World } from './matrix';

const csvFile = (content: string) => ({ content, filename: 'households.csv', contentType: 'text/csv' });

const sharedCompounds = new WeakMap<World, Record<'own' | 'foreign', Promise<number>>>();
/** A compound the community's shared property society runs (no company), in each street. */
function sharedCompound(w: World, side: 'own' | 'foreign'): Promise<number> {
  let known = sharedCompounds.get(w);
  if (!known) {
    known = {
      own: w.f.compound(w.community, { managementMode: 'shared' }).then((c) => c.id),
      foreign: w.f.compound(w.community2, { managementMode: 'shared' }).then((c) => c.id),
    };
    sharedCompounds.set(w, known);
  }
  return known[side];
}

/** Who gets the role: someone with an account (`userId`), or a new number (`person`, created on a grant). */
type Grantee = 'userId' | 'person';
const grantee = async (w: World, by: Grantee) =>
  by === 'userId' ? { userId: (await w.f.user()).id } : { person: { name: uniq('新人'), phone: nextPhone() } };

const grantCase = (
  allowed: Case['allowed'],
  role: string,
  scope: (w: World, side: 'own' | 'foreign') => Promise<[string, number]> | [string, number],
  by: Grantee,
): Case => {
  const req = async (w: World, side: 'own' | 'foreign') => {
    const [scopeType, scopeId] = await scope(w, side);
    return {
      method: 'POST' as const,
      url: '/api/v1/role-assignments',
      body: { ...(await grantee(w, by)), role, scopeType, scopeId },
    };
  };
  return { route: 'POST /api/v1/role-assignments', allowed, own: (w) => req(w, 'own'), foreign: (w) => req(w, 'foreign') };
};

/**
 * Company roles (manager, staff on a company or a compound a company runs) are granted by the company's
 * managers and the platform only; the community and the street staff only what they run themselves.
 * The same whether the person is named by id or by phone.
 */
const ROLE_GRANT_CASES: Case[] = (['userId', 'person'] as const).flatMap((by) => [
  grantCase(['platform_admin', 'manager'], 'staff', (w, side) => ['company', side === 'own' ? w.company : w.company2], by),
  grantCase(['platform_admin'], 'manager', (w, side) => ['compound', side === 'own' ? w.compound : w.compound2], by),
  grantCase(['platform_admin'], 'manager', (w, side) => ['company', side === 'own' ? w.company : w.company2], by),
  grantCase(['platform_admin', 'manager'], 'staff', (w, side) => ['compound', side === 'own' ? w.compound : w.compound2], by),
  grantCase(
    ['platform_admin', 'street_admin', 'community_admin'],
    'staff',
    async (w, side) => ['compound', await sharedCompound(w, side)],
    by,
  ),
  grantCase(
    ['platform_admin', 'street_admin', 'community_admin'],
    'grid_worker',
    (w, side) => ['grid', side === 'own' ? w.grid : w.grid2],
    by,
  ),
  // 楼长/单元长: appointed by the community (and above), not by the company managing the compound.
  grantCase(
    ['platform_admin', 'street_admin', 'community_admin'],
    'building_leader',
    (w, side) => ['building', side === 'own' ? w.building : w.building2],
    by,
  ),
]);

/** Places, people, sign-in (issue 2). */
export const FOUNDATION_CASES: Case[] = [
  { route: 'GET /api/v1/health', allowed: 'public', own: () => ({ method: 'GET', url: '/api/v1/health' }) },
  { route: 'GET /api/v1/auth/demo-users', allowed: 'public', own: () => ({ method: 'GET', url: '/api/v1/auth/demo-users' }) },
  {
    route: 'POST /api/v1/auth/demo',
    allowed: 'public',
    own: (w) => ({ method: 'POST', url: '/api/v1/auth/demo', body: { phone: w.users.stranger.phone } }),
  },
  {
    route: 'POST /api/v1/auth/wechat',
    allowed: 'public',
    own: () => ({ method: 'POST', url: '/api/v1/auth/wechat', body: { code: 'x' } }),
  },
  {
    route: 'POST /api/v1/auth/refresh',
    allowed: 'public',
    own: () => ({ method: 'POST', url: '/api/v1/auth/refresh', body: { refreshToken: 'x' } }),
  },
  { route: 'POST /api/v1/auth/logout', allowed: 'signed-in', own: () => ({ method: 'POST', url: '/api/v1/auth/logout' }) },
  { route: 'GET /api/v1/me', allowed: 'signed-in', own: () => ({ method: 'GET', url: '/api/v1/me' }) },

  // streets
  {
    route: 'POST /api/v1/streets',
    allowed: ['platform_admin'],
    own: () => ({ method: 'POST', url: '/api/v1/streets', body: { name: uniq('街道') } }),
  },
  {
    route: 'GET /api/v1/streets',
    allowed: ['platform_admin', 'street_admin'],
    own: () => ({ method: 'GET', url: '/api/v1/streets?limit=100' }),
    leaks: (b, w) => ids(b).includes(w.street2),
  },
  {
    route: 'GET /api/v1/streets/:id',
    allowed: ['platform_admin', 'street_admin'],
    own: (w) => ({ method: 'GET', url: `/api/v1/streets/${w.street}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/streets/${w.street2}` }),
  },
  {
    route: 'PATCH /api/v1/streets/:id',
    allowed: ['platform_admin'],
    own: async (w) => ({
      method: 'PATCH',
      url: `/api/v1/streets/${w.street}`,
      body: { version: await version(w, 'streets', w.street), district: uniq('区') },
    }),
    foreign: async (w) => ({
      method: 'PATCH',
      url: `/api/v1/streets/${w.street2}`,
      body: { version: await version(w, 'streets', w.street2), district: uniq('区') },
    }),
  },

  // communities
  {
    route: 'POST /api/v1/communities',
    allowed: ['platform_admin', 'street_admin'],
    own: (w) => ({ method: 'POST', url: '/api/v1/communities', body: { streetId: w.street, name: uniq('社区') } }),
    foreign: (w) => ({ method: 'POST', url: '/api/v1/communities', body: { streetId: w.street2, name: uniq('社区') } }),
  },
  {
    route: 'GET /api/v1/communities',
    allowed: ['platform_admin', 'street_admin', 'community_admin'],
    own: () => ({ method: 'GET', url: '/api/v1/communities?limit=100' }),
    leaks: (b, w) => ids(b).includes(w.community2),
  },
  {
    route: 'GET /api/v1/communities/:id',
    allowed: ['platform_admin', 'street_admin', 'community_admin'],
    own: (w) => ({ method: 'GET', url: `/api/v1/communities/${w.community}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/communities/${w.community2}` }),
  },
  {
    route: 'PATCH /api/v1/communities/:id',
    allowed: ['platform_admin', 'street_admin'],
    own: async (w) => ({
      method: 'PATCH',
      url: `/api/v1/communities/${w.community}`,
      body: { version: await version(w, 'communities', w.community), name: uniq('社区') },
    }),
    foreign: async (w) => ({
      method: 'PATCH',
      url: `/api/v1/communities/${w.community2}`,
      body: { version: await version(w, 'communities', w.community2), name: uniq('社区') },
    }),
  },

  // grids
  {
    route: 'POST /api/v1/grids',
    allowed: ['platform_admin', 'community_admin'],
    own: (w) => ({ method: 'POST', url: '/api/v1/grids', body: { communityId: w.community, name: uniq('网格') } }),
    foreign: (w) => ({ method: 'POST', url: '/api/v1/grids', body: { communityId: w.community2, name: uniq('网格') } }),
  },
  {
    route: 'GET /api/v1/grids',
    allowed: ['platform_admin', 'street_admin', 'community_admin', 'grid_worker'],
    own: () => ({ method: 'GET', url: '/api/v1/grids?limit=100' }),
    leaks: (b, w) => ids(b).includes(w.grid2),
  },
  {
    route: 'GET /api/v1/grids/:id',
    allowed: ['platform_admin', 'street_admin', 'community_admin', 'grid_worker'],
    own: (w) => ({ method: 'GET', url: `/api/v1/grids/${w.grid}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/grids/${w.grid2}` }),
  },
  {
    route: 'PATCH /api/v1/grids/:id',
    allowed: ['platform_admin', 'community_admin'],
    own: async (w) => ({
      method: 'PATCH',
      url: `/api/v1/grids/${w.grid}`,
      body: { version: await version(w, 'grids', w.grid), name: uniq('网格') },
    }),
    foreign: async (w) => ({
      method: 'PATCH',
      url: `/api/v1/grids/${w.grid2}`,
      body: { version: await version(w, 'grids', w.grid2), name: uniq('网格') },
    }),
  },

  // companies
  {
    route: 'POST /api/v1/companies',
    allowed: ['platform_admin', 'street_admin'],
    own: () => ({ method: 'POST', url: '/api/v1/companies', body: { name: uniq('物业') } }),
  },
  {
    route: 'GET /api/v1/companies',
    allowed: ['platform_admin', 'street_admin', 'community_admin', 'manager', 'staff'],
    own: () => ({ method: 'GET', url: '/api/v1/companies?limit=100' }),
    // The street and the community pick a compound's company from the whole register (compound.write).
    leaks: (b, w, actor) => !['street_admin', 'community_admin'].includes(actor) && ids(b).includes(w.company2),
  },
  {
    route: 'GET /api/v1/companies/:id',
    allowed: ['platform_admin', 'street_admin', 'community_admin', 'manager', 'staff'],
    own: (w) => ({ method: 'GET', url: `/api/v1/companies/${w.company}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/companies/${w.company2}` }),
  },
  {
    route: 'PATCH /api/v1/companies/:id',
    allowed: ['platform_admin', 'street_admin'],
    own: async (w) => ({
      method: 'PATCH',
      url: `/api/v1/companies/${w.company}`,
      body: { version: await version(w, 'property_companies', w.company), contactPhone: '010-12345678' },
    }),
    foreign: async (w) => ({
      method: 'PATCH',
      url: `/api/v1/companies/${w.company2}`,
      body: { version: await version(w, 'property_companies', w.company2), contactPhone: '010-12345678' },
    }),
  },

  // compounds
  {
    route: 'POST /api/v1/compounds',
    allowed: ['platform_admin', 'street_admin', 'community_admin'],
    own: (w) => ({
      method: 'POST',
      url: '/api/v1/compounds',
      body: { communityId: w.community, name: uniq('小区'), type: 'old', managementMode: 'shared' },
    }),
    foreign: (w) => ({
      method: 'POST',
      url: '/api/v1/compounds',
      body: { communityId: w.community2, name: uniq('小区'), type: 'old', managementMode: 'shared' },
    }),
  },
  {
    route: 'GET /api/v1/compounds',
    allowed: 'signed-in',
    own: () => ({ method: 'GET', url: '/api/v1/compounds?limit=100' }),
    leaks: (b, w) => ids(b).includes(w.compound2),
  },
  {
    route: 'GET /api/v1/compounds/:id',
    allowed: 'signed-in',
    own: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound2}` }),
  },
  {
    route: 'PATCH /api/v1/compounds/:id',
    allowed: ['platform_admin', 'street_admin', 'community_admin'],
    own: async (w) => ({
      method: 'PATCH',
      url: `/api/v1/compounds/${w.compound}`,
      body: { version: await version(w, 'compounds', w.compound), address: uniq('路') },
    }),
    foreign: async (w) => ({
      method: 'PATCH',
      url: `/api/v1/compounds/${w.compound2}`,
      body: { version: await version(w, 'compounds', w.compound2), address: uniq('路') },
    }),
  },

  // buildings
  {
    route: 'POST /api/v1/buildings',
    allowed: ['platform_admin', 'community_admin', 'manager'],
    own: (w) => ({ method: 'POST', url: '/api/v1/buildings', body: { compoundId: w.compound, name: uniq('楼') } }),
    foreign: (w) => ({ method: 'POST', url: '/api/v1/buildings', body: { compoundId: w.compound2, name: uniq('楼') } }),
  },
  {
    route: 'GET /api/v1/buildings',
    allowed: 'signed-in',
    own: (w) => ({ method: 'GET', url: `/api/v1/buildings?compoundId=${w.compound}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/buildings?compoundId=${w.compound2}` }),
  },
  {
    route: 'GET /api/v1/buildings/:id',
    allowed: 'signed-in',
    own: (w) => ({ method: 'GET', url: `/api/v1/buildings/${w.building}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/buildings/${w.building2}` }),
  },
  {
    route: 'PATCH /api/v1/buildings/:id',
    allowed: ['platform_admin', 'community_admin', 'manager'],
    own: async (w) => ({
      method: 'PATCH',
      url: `/api/v1/buildings/${w.building}`,
      body: { version: await version(w, 'buildings', w.building), gridId: w.grid },
    }),
    foreign: async (w) => ({
      method: 'PATCH',
      url: `/api/v1/buildings/${w.building2}`,
      body: { version: await version(w, 'buildings', w.building2), gridId: w.grid2 },
    }),
  },
  {
    route: 'GET /api/v1/buildings/:id/household-options',
    allowed: 'signed-in',
    own: (w) => ({ method: 'GET', url: `/api/v1/buildings/${w.building}/household-options` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/buildings/${w.building2}/household-options` }),
  },

  // households
  {
    route: 'POST /api/v1/households',
    allowed: ['platform_admin', 'community_admin', 'manager'],
    own: (w) => ({
      method: 'POST',
      url: '/api/v1/households',
      body: { buildingId: w.building, unit: '9', room: uniq('R'), areaHundredths: 5000 },
    }),
    foreign: (w) => ({
      method: 'POST',
      url: '/api/v1/households',
      body: { buildingId: w.building2, unit: '9', room: uniq('R'), areaHundredths: 5000 },
    }),
  },
  {
    route: 'GET /api/v1/households',
    allowed: ['platform_admin', 'street_admin', 'community_admin', 'manager'],
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
    // By building: the 楼长's way in.
    route: 'GET /api/v1/households',
    allowed: ['platform_admin', 'street_admin', 'community_admin', 'grid_worker', 'building_leader', 'manager'],
    own: (w) => ({ method: 'GET', url: `/api/v1/households?buildingId=${w.building}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/households?buildingId=${w.building2}` }),
  },
  {
    route: 'GET /api/v1/households/:id',
    allowed: ['platform_admin', 'street_admin', 'community_admin', 'grid_worker', 'building_leader', 'manager', 'resident'],
    own: (w) => ({ method: 'GET', url: `/api/v1/households/${w.household.id}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/households/${w.household2.id}` }),
  },
  {
    route: 'PATCH /api/v1/households/:id',
    allowed: ['platform_admin', 'community_admin', 'manager'],
    own: async (w) => ({
      method: 'PATCH',
      url: `/api/v1/households/${w.household.id}`,
      body: { version: await version(w, 'households', w.household.id), ownerName: uniq('业主') },
    }),
    foreign: async (w) => ({
      method: 'PATCH',
      url: `/api/v1/households/${w.household2.id}`,
      body: { version: await version(w, 'households', w.household2.id), ownerName: uniq('业主') },
    }),
  },
  {
    route: 'POST /api/v1/compounds/:id/households/import',
    allowed: ['platform_admin', 'community_admin', 'manager'],
    own: (w) => ({
      method: 'POST',
      url: `/api/v1/compounds/${w.compound}/households/import`,
      file: csvFile(`楼栋,单元,房号,面积\n导入楼,1,${uniq('')},88.5\n`),
    }),
    foreign: (w) => ({
      method: 'POST',
      url: `/api/v1/compounds/${w.compound2}/households/import`,
      file: csvFile(`楼栋,单元,房号,面积\n导入楼,1,${uniq('')},88.5\n`),
    }),
  },

  // people
  {
    route: 'POST /api/v1/users',
    allowed: ['platform_admin'],
    own: () => ({ method: 'POST', url: '/api/v1/users', body: { name: uniq('人'), phone: nextPhone() } }),
  },
  {
    route: 'GET /api/v1/users',
    allowed: ['platform_admin', 'street_admin', 'community_admin', 'manager'],
    own: (w) => ({ method: 'GET', url: `/api/v1/users?phone=${w.users.stranger.phone}` }),
  },
  {
    route: 'GET /api/v1/users/:id',
    allowed: 'signed-in',
    foreignOnlyPlatform: true,
    own: (w, actor) => ({ method: 'GET', url: `/api/v1/users/${w.users[actor].id}` }),
    foreign: (w, actor) => ({
      method: 'GET',
      url: `/api/v1/users/${w.users[actor === 'stranger' ? 'resident' : 'stranger'].id}`,
    }),
  },
  {
    route: 'PATCH /api/v1/users/:id',
    allowed: 'signed-in',
    foreignOnlyPlatform: true,
    own: async (w, actor) => ({
      method: 'PATCH',
      url: `/api/v1/users/${w.users[actor].id}`,
      body: { version: await version(w, 'users', w.users[actor].id), name: w.users[actor].name },
    }),
    foreign: async (w, actor) => {
      const other = w.users[actor === 'stranger' ? 'resident' : 'stranger'];
      return {
        method: 'PATCH',
        url: `/api/v1/users/${other.id}`,
        body: { version: await version(w, 'users', other.id), name: other.name },
      };
    },
  },
  ...ROLE_GRANT_CASES,
  {
    // A building's 楼长: listed by whoever holds role.assign around it (the company's managers see who they are) …
    route: 'GET /api/v1/role-assignments',
    allowed: ['platform_admin', 'street_admin', 'community_admin', 'manager'],
    own: (w) => ({ method: 'GET', url: `/api/v1/role-assignments?scopeType=building&scopeId=${w.building}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/role-assignments?scopeType=building&scopeId=${w.building2}` }),
  },
  {
    // … and dismissed only by those who appoint them.
    route: 'DELETE /api/v1/role-assignments/:id',
    allowed: ['platform_admin', 'street_admin', 'community_admin'],
    own: async (w) => ({
      method: 'DELETE',
      url: `/api/v1/role-assignments/${(await w.f.role((await w.f.user()).id, 'building_leader', 'building', w.building)).id}`,
    }),
    foreign: async (w) => ({
      method: 'DELETE',
      url: `/api/v1/role-assignments/${(await w.f.role((await w.f.user()).id, 'building_leader', 'building', w.building2)).id}`,
    }),
  },
  {
    // A company's staff list is the company's business: not the community's, not the street's.
    route: 'GET /api/v1/role-assignments',
    allowed: ['platform_admin', 'manager'],
    own: (w) => ({ method: 'GET', url: `/api/v1/role-assignments?scopeType=company&scopeId=${w.company}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/role-assignments?scopeType=company&scopeId=${w.company2}` }),
  },
  {
    route: 'GET /api/v1/role-assignments',
    allowed: ['platform_admin', 'manager'],
    own: (w) => ({ method: 'GET', url: `/api/v1/role-assignments?scopeType=compound&scopeId=${w.compound}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/role-assignments?scopeType=compound&scopeId=${w.compound2}` }),
  },
  {
    // A compound the community's shared property society runs: the community's and the street's.
    route: 'GET /api/v1/role-assignments',
    allowed: ['platform_admin', 'street_admin', 'community_admin'],
    own: async (w) => ({
      method: 'GET',
      url: `/api/v1/role-assignments?scopeType=compound&scopeId=${await sharedCompound(w, 'own')}`,
    }),
    foreign: async (w) => ({
      method: 'GET',
      url: `/api/v1/role-assignments?scopeType=compound&scopeId=${await sharedCompound(w, 'foreign')}`,
    }),
  },
  {
    route: 'DELETE /api/v1/role-assignments/:id',
    allowed: ['platform_admin', 'manager'],
    own: async (w) => ({
      method: 'DELETE',
      url: `/api/v1/role-assignments/${(await w.f.role((await w.f.user()).id, 'staff', 'company', w.company)).id}`,
    }),
    foreign: async (w) => ({
      method: 'DELETE',
      url: `/api/v1/role-assignments/${(await w.f.role((await w.f.user()).id, 'staff', 'company', w.company2)).id}`,
    }),
  },
  {
    route: 'DELETE /api/v1/role-assignments/:id',
    allowed: ['platform_admin'],
    own: async (w) => ({
      method: 'DELETE',
      url: `/api/v1/role-assignments/${(await w.f.role((await w.f.user()).id, 'manager', 'compound', w.compound)).id}`,
    }),
    foreign: async (w) => ({
      method: 'DELETE',
      url: `/api/v1/role-assignments/${(await w.f.role((await w.f.user()).id, 'manager', 'compound', w.compound2)).id}`,
    }),
  },
  {
    route: 'DELETE /api/v1/role-assignments/:id',
    allowed: ['platform_admin', 'manager'],
    own: async (w) => ({
      method: 'DELETE',
      url: `/api/v1/role-assignments/${(await w.f.role((await w.f.user()).id, 'staff', 'compound', w.compound)).id}`,
    }),
    foreign: async (w) => ({
      method: 'DELETE',
      url: `/api/v1/role-assignments/${(await w.f.role((await w.f.user()).id, 'staff', 'compound', w.compound2)).id}`,
    }),
  },
  {
    route: 'DELETE /api/v1/role-assignments/:id',
    allowed: ['platform_admin', 'street_admin', 'community_admin'],
    own: async (w) => ({
      method: 'DELETE',
      url: `/api/v1/role-assignments/${(await w.f.role((await w.f.user()).id, 'staff', 'compound', await sharedCompound(w, 'own'))).id}`,
    }),
    foreign: async (w) => ({
      method: 'DELETE',
      url: `/api/v1/role-assignments/${(await w.f.role((await w.f.user()).id, 'staff', 'compound', await sharedCompound(w, 'foreign'))).id}`,
    }),
  },
  {
    route: 'POST /api/v1/memberships',
    allowed: 'signed-in',
    own: (w) => ({ method: 'POST', url: '/api/v1/memberships', body: { householdId: w.household.id, relation: 'family' } }),
  },
  { route: 'GET /api/v1/me/memberships', allowed: 'signed-in', own: () => ({ method: 'GET', url: '/api/v1/me/memberships' }) },
  {
    route: 'GET /api/v1/memberships',
    allowed: ['platform_admin', 'community_admin', 'manager'],
    own: (w) => ({ method: 'GET', url: `/api/v1/memberships?compoundId=${w.compound}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/memberships?compoundId=${w.compound2}` }),
  },
  ...(['verify', 'reject'] as const).map((action): Case => ({
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
  })),
];
