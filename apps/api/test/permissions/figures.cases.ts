import type { Case } from './matrix';

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
