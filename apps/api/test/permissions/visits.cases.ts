import { randomUUID } from 'node:crypto';
import { Visit } from '../../src/visits/visit.entity';
import { userWithRole } from '../support/factories';
import type { Case, World } from './matrix';

/** household.care: the grid's workers and the community (and the street and platform above them). */
const CARERS: Case['allowed'] = ['platform_admin', 'street_admin', 'community_admin', 'grid_worker'];
/** visit.log: who walks the doors — the grid's workers and the community; the platform by its all-permissions role. */
const VISITORS: Case['allowed'] = ['platform_admin', 'community_admin', 'grid_worker'];
/** grid.write on the community: who sets how often its grids visit. */
const COMMUNITY_RUNNERS: Case['allowed'] = ['platform_admin', 'community_admin'];

const seeded = new WeakSet<World>();
/** A visit in the foreign street, for the lists' leak checks. */
async function foreignVisit(w: World): Promise<void> {
  if (seeded.has(w)) return;
  seeded.add(w);
  const [row] = await w.f.__db.query('SELECT community_id FROM compounds WHERE id = ?', [w.compound2]);
  await w.f.__db.getRepository(Visit).insert({
    clientId: randomUUID(),
    workerId: w.users.platform_admin.id,
    gridId: w.grid2,
    communityId: Number(row.community_id),
    compoundId: w.compound2,
    householdId: w.household2.id,
    placeName: null,
    kind: 'care',
    outcome: 'met',
    notes: '外街道的走访记录',
    visitedAt: new Date(),
    receivedAt: new Date(),
    latitudeE6: null,
    longitudeE6: null,
    ticketId: null,
    followUpTicketId: null,
    followUpOutcome: null,
  });
}

const foreignWorkers = new WeakMap<World, Promise<number>>();
/** A grid worker of the foreign street's grid, whose log only the platform may read. */
const foreignWorker = (w: World): Promise<number> => {
  if (!foreignWorkers.has(w))
    foreignWorkers.set(
      w,
      userWithRole(w.f, 'grid_worker', 'grid', w.grid2).then((u) => u.id),
    );
  return foreignWorkers.get(w)!;
};
/** Who reads a community's figures: household.care on the community or above (not a grid of it). */
const COMMUNITY_CARERS: Case['allowed'] = ['platform_admin', 'street_admin', 'community_admin'];

const showsForeign = (items: Array<{ compoundId: number }>, w: World) => items.some((i) => i.compoundId === w.compound2);

/**
 * 民情走访. Sync answers per visit (a household outside the caller's grids comes back `refused` inside a
 * 200; visits.e2e-spec checks that), so it has no foreign case here; the lists are checked for leaks.
 */
export const VISIT_CASES: Case[] = [
  {
    route: 'POST /api/v1/visits/sync',
    allowed: VISITORS,
    own: (w) => ({
      method: 'POST',
      url: '/api/v1/visits/sync',
      body: {
        visits: [
          {
            clientId: randomUUID(),
            householdId: w.household.id,
            kind: 'routine',
            outcome: 'met',
            visitedAt: new Date().toISOString(),
          },
        ],
      },
    }),
  },
  {
    route: 'GET /api/v1/visits',
    allowed: CARERS,
    own: async (w) => {
      await foreignVisit(w);
      return { method: 'GET', url: '/api/v1/visits?limit=100' };
    },
    leaks: (body, w) => showsForeign(body.items, w),
  },
  {
    route: 'GET /api/v1/grid/households',
    allowed: CARERS,
    own: () => ({ method: 'GET', url: '/api/v1/grid/households?limit=100' }),
    leaks: (body, w) => showsForeign(body.items, w),
  },
  {
    route: 'GET /api/v1/grid/households/:id',
    allowed: CARERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/grid/households/${w.household.id}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/grid/households/${w.household2.id}` }),
  },
  {
    route: 'GET /api/v1/grid/todo',
    allowed: CARERS,
    own: () => ({ method: 'GET', url: '/api/v1/grid/todo' }),
    leaks: (body, w) =>
      showsForeign(body.overdue, w) || body.followUps.some((f: { householdId: number }) => f.householdId === w.household2.id),
  },
  {
    route: 'GET /api/v1/communities/:id/care-frequency',
    allowed: CARERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/communities/${w.community}/care-frequency` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/communities/${w.community2}/care-frequency` }),
  },
  {
    route: 'PATCH /api/v1/communities/:id/care-frequency',
    allowed: COMMUNITY_RUNNERS,
    own: (w) => ({
      method: 'PATCH',
      url: `/api/v1/communities/${w.community}/care-frequency`,
      body: { days: { elderly_alone: 7 } },
    }),
    foreign: (w) => ({ method: 'PATCH', url: `/api/v1/communities/${w.community2}/care-frequency`, body: { routineDays: 90 } }),
  },
  {
    route: 'GET /api/v1/grids/:id/coverage',
    allowed: CARERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/grids/${w.grid}/coverage?period=2025-03` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/grids/${w.grid2}/coverage?period=2025-03` }),
  },
  {
    route: 'GET /api/v1/communities/:id/coverage',
    allowed: COMMUNITY_CARERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/communities/${w.community}/coverage?period=2025-03` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/communities/${w.community2}/coverage?period=2025-03` }),
  },
  {
    // Own scope: the caller's own log. Foreign: the log of another street's grid worker.
    route: 'GET /api/v1/grid/log',
    allowed: CARERS,
    own: () => ({ method: 'GET', url: '/api/v1/grid/log?date=2025-03-08' }),
    foreign: async (w) => ({ method: 'GET', url: `/api/v1/grid/log?date=2025-03-08&workerId=${await foreignWorker(w)}` }),
  },
  {
    route: 'GET /api/v1/grid/log.xlsx',
    allowed: CARERS,
    own: () => ({ method: 'GET', url: '/api/v1/grid/log.xlsx?from=2025-03-01&to=2025-03-07' }),
    foreign: async (w) => ({
      method: 'GET',
      url: `/api/v1/grid/log.xlsx?from=2025-03-01&to=2025-03-07&workerId=${await foreignWorker(w)}`,
    }),
  },
];
