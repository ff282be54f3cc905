import { qrCodeRow } from '../support/qr-codes';
import type { Case, Req, World } from './matrix';

const WRITERS: Case['allowed'] = ['platform_admin', 'community_admin', 'manager'];
const READERS: Case['allowed'] = ['platform_admin', 'street_admin', 'community_admin', 'manager'];

/** A fresh code per call, for revoking (which is one-way). */
const fresh = async (w: World, compoundId: number) => (await qrCodeRow(w.f.__db, compoundId)).id;

const kept = new WeakMap<World, Map<number, { id: number; token: string }>>();
/** One code per compound that nothing revokes, for reading: keeps the compound's PDF a few pages long. */
async function standing(w: World, compoundId: number): Promise<{ id: number; token: string }> {
  const mine = kept.get(w) ?? new Map<number, { id: number; token: string }>();
  kept.set(w, mine);
  let code = mine.get(compoundId);
  if (!code) {
    const row = await qrCodeRow(w.f.__db, compoundId);
    mine.set(compoundId, (code = { id: row.id, token: row.token }));
  }
  return code;
}

const poster = (format: 'png' | 'svg' | 'pdf'): Case => ({
  route: `GET /api/v1/qr-codes/:id/poster.${format}`,
  allowed: READERS,
  own: async (w): Promise<Req> => ({
    method: 'GET',
    url: `/api/v1/qr-codes/${(await standing(w, w.compound)).id}/poster.${format}`,
  }),
  foreign: async (w): Promise<Req> => ({
    method: 'GET',
    url: `/api/v1/qr-codes/${(await standing(w, w.compound2)).id}/poster.${format}`,
  }),
});

/** QR codes and posters (scan-to-report). */
export const QR_CASES: Case[] = [
  {
    route: 'POST /api/v1/qr-codes',
    allowed: WRITERS,
    own: (w) => ({
      method: 'POST',
      url: '/api/v1/qr-codes',
      body: { compoundId: w.compound, buildingId: w.building, spotName: '地下车库' },
    }),
    foreign: (w) => ({ method: 'POST', url: '/api/v1/qr-codes', body: { compoundId: w.compound2, buildingId: w.building2 } }),
  },
  {
    route: 'GET /api/v1/qr-codes',
    allowed: READERS,
    own: (w) => ({ method: 'GET', url: `/api/v1/qr-codes?compoundId=${w.compound}` }),
    foreign: (w) => ({ method: 'GET', url: `/api/v1/qr-codes?compoundId=${w.compound2}` }),
  },
  {
    route: 'GET /api/v1/qr-codes/resolve/:token',
    allowed: 'public',
    own: async (w) => ({ method: 'GET', url: `/api/v1/qr-codes/resolve/${(await standing(w, w.compound)).token}` }),
  },
  {
    route: 'POST /api/v1/qr-codes/:id/revoke',
    allowed: WRITERS,
    own: async (w) => ({ method: 'POST', url: `/api/v1/qr-codes/${await fresh(w, w.compound)}/revoke`, body: { version: 1 } }),
    foreign: async (w) => ({
      method: 'POST',
      url: `/api/v1/qr-codes/${await fresh(w, w.compound2)}/revoke`,
      body: { version: 1 },
    }),
  },
  poster('png'),
  poster('svg'),
  poster('pdf'),
  {
    route: 'GET /api/v1/compounds/:id/qr-posters.pdf',
    allowed: READERS,
    own: async (w) => {
      await standing(w, w.compound);
      return { method: 'GET', url: `/api/v1/compounds/${w.compound}/qr-posters.pdf` };
    },
    foreign: async (w) => {
      await standing(w, w.compound2);
      return { method: 'GET', url: `/api/v1/compounds/${w.compound2}/qr-posters.pdf` };
    },
  },
];
