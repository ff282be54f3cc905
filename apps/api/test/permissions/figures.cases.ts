import { DEFAULT_SCORE_SCHEME } from '@doorstep/contracts';
import { ScoreList } from '../../src/scores/score-list.entity';
import type { Case, World } from './matrix';

/** ticket.read on a compound: its company's people and the supervisors above it (a grid is not above a compound). */
const COMPOUND_READERS: Case['allowed'] = ['platform_admin', 'street_admin', 'community_admin', 'manager', 'staff'];
/** A company's own figures span its compounds everywhere: the company and the platform only. */
const COMPANY_READERS: Case['allowed'] = ['platform_admin', 'manager', 'staff'];

const q = (scope: string, id: number) => `scope=${scope}&id=${id}&month=2025-03`;

/** 考核指标: ticket.read on the scope the figures are asked for. */
export const FIGURE_CASES: Case[] = [
  {
    route: 'GET /api/v1/figures',
    allowed: COMPOUND_READERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/figures?${q('compound', w.compound)}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/figures?${q('compound', w.compound2)}` }),
  },
  {
    route: 'GET /api/v1/figures/tickets',
    allowed: COMPOUND_READERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/figures/tickets?${q('compound', w.compound)}&filter=all` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/figures/tickets?${q('compound', w.compound2)}&filter=all` }),
  },
  {
    route: 'GET /api/v1/figures/export.xlsx',
    allowed: COMPANY_READERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/figures/export.xlsx?${q('company', w.company)}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/figures/export.xlsx?${q('company', w.company2)}` }),
  },
  {
    route: 'GET /api/v1/figures/export.csv',
    allowed: ['platform_admin', 'street_admin'],
    own: (w) => ({ method: 'GET', url: `/api/v1/figures/export.csv?${q('street', w.street)}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/figures/export.csv?${q('street', w.street2)}` }),
  },
];

/** score.publish: the street and the platform. */
const PUBLISHERS: Case['allowed'] = ['platform_admin', 'street_admin'];

/** The street's scheme version as stored (0 while it uses the default). */
const schemeVersion = async (w: World, street: number) =>
  Number((await w.f.__db.query('SELECT version FROM score_schemes WHERE street_id = ?', [street]))[0]?.version ?? 0);
const schemeBody = async (w: World, street: number) => ({ ...DEFAULT_SCORE_SCHEME, version: await schemeVersion(w, street) });

const published = new WeakMap<World, Promise<number>>();
/** A published list of the world's street, written directly (its rows do not matter to who may read it). */
const someList = (w: World): Promise<number> => {
  if (!published.has(w))
    published.set(
      w,
      w.f.__db
        .getRepository(ScoreList)
        .save({
          streetId: w.street,
          month: '2024-01',
          version: 1,
          reason: null,
          schemeVersion: 0,
          publishedById: w.users.street_admin.id,
          publishedByName: 'street_admin',
        })
        .then((l) => l.id),
    );
  return published.get(w)!;
};

/** 物业定星、小区定级 and the 红黑榜: schemes and published lists are public; the board and publishing are the street's. */
export const SCORE_CASES: Case[] = [
  {
    route: 'GET /api/v1/streets/:id/score-scheme',
    allowed: 'public',
    own: (w) => ({ method: 'GET', url: `/api/v1/streets/${w.street}/score-scheme` }),
  },
  {
    route: 'PUT /api/v1/streets/:id/score-scheme',
    allowed: PUBLISHERS,
    own: async (w) => ({ method: 'PUT', url: `/api/v1/streets/${w.street}/score-scheme`, body: await schemeBody(w, w.street) }),
    foreign: async (w) => ({
      method: 'PUT',
      url: `/api/v1/streets/${w.street2}/score-scheme`,
      body: await schemeBody(w, w.street2),
    }),
  },
  {
    route: 'GET /api/v1/streets/:id/scores',
    allowed: PUBLISHERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/streets/${w.street}/scores?month=2025-03` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/streets/${w.street2}/scores?month=2025-03` }),
  },
  {
    route: 'GET /api/v1/streets/:id/scores.xlsx',
    allowed: PUBLISHERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/streets/${w.street}/scores.xlsx?month=2025-03` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/streets/${w.street2}/scores.xlsx?month=2025-03` }),
  },
  {
    route: 'GET /api/v1/streets/:id/scores.csv',
    allowed: PUBLISHERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/streets/${w.street}/scores.csv?month=2025-03` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/streets/${w.street2}/scores.csv?month=2025-03` }),
  },
  {
    route: 'POST /api/v1/streets/:id/score-lists',
    allowed: PUBLISHERS,
    own: (w) => ({
      method: 'POST',
      url: `/api/v1/streets/${w.street}/score-lists`,
      body: { month: '2025-03', reason: '权限矩阵' },
    }),
    foreign: (w) => ({
      method: 'POST',
      url: `/api/v1/streets/${w.street2}/score-lists`,
      body: { month: '2025-03', reason: '权限矩阵' },
    }),
  },
  {
    route: 'GET /api/v1/streets/:id/score-lists',
    allowed: 'public',
    own: (w) => ({ method: 'GET', url: `/api/v1/streets/${w.street}/score-lists` }),
  },
  {
    route: 'GET /api/v1/score-lists/:id',
    allowed: 'public',
    own: async (w) => ({ method: 'GET', url: `/api/v1/score-lists/${await someList(w)}` }),
  },
  {
    route: 'GET /api/v1/companies/:id/score',
    allowed: COMPANY_READERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/companies/${w.company}/score?month=2025-03` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/companies/${w.company2}/score?month=2025-03` }),
  },
  {
    route: 'GET /api/v1/compounds/:id/rating',
    allowed: 'public',
    own: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound}/rating` }),
  },
];
