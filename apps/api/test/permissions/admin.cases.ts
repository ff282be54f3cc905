import { ids, type Case, type World } from './matrix';

/** A shared default category: every compound offers it, so only the compound in the URL decides. */
const water = async (w: World) =>
  Number((await w.f.__db.query("SELECT id FROM categories WHERE name = '水电维修' AND compound_id IS NULL"))[0].id);

let minutes = 10;
/** A different value each call, so an allowed call really writes (an override row, or none at the default). */
const setting = () => ({ acceptMinutes: (minutes = (minutes % 60) + 1), resolveHours: 8, active: true });

/** 类别与时限 and the other admin pages' routes added with them. */
export const ADMIN_CASES: Case[] = [
  {
    route: 'GET /api/v1/compounds/:id/category-settings',
    allowed: ['platform_admin', 'community_admin', 'manager'],
    own: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound}/category-settings` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/compounds/${w.compound2}/category-settings` }),
  },
  {
    route: 'PUT /api/v1/compounds/:id/category-settings/:categoryId',
    allowed: ['platform_admin', 'community_admin', 'manager'],
    own: async (w) => ({
      method: 'PUT',
      url: `/api/v1/compounds/${w.compound}/category-settings/${await water(w)}`,
      body: setting(),
    }),
    foreign: async (w) => ({
      method: 'PUT',
      url: `/api/v1/compounds/${w.compound2}/category-settings/${await water(w)}`,
      body: setting(),
    }),
  },
  {
    // The 住户 search: the same scope as the plain list.
    route: 'GET /api/v1/households',
    allowed: ['platform_admin', 'street_admin', 'community_admin', 'manager'],
    own: (w) => ({ method: 'GET', url: `/api/v1/households?compoundId=${w.compound}&q=1` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/households?compoundId=${w.compound2}&q=1` }),
  },
  {
    // Filtering by the other street's company shows none of its compounds to anyone but the platform.
    route: 'GET /api/v1/compounds',
    allowed: 'signed-in',
    own: (w) => ({ method: 'GET', url: `/api/v1/compounds?limit=100&companyId=${w.company2}` }),
    leaks: (b, w) => ids(b).includes(w.compound2),
  },
];
