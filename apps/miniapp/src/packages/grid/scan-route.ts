import { ENDPOINTS, type QrScanView } from '@doorstep/contracts';

import { zhGrid } from '../../i18n/grid';
import { call } from '../../services/request';
import { isUnknownCode, resolveQr } from '../../services/tickets';
import { visitUrl } from './visit-record';

/*
 * 扫码走访: what a printed code of the compound (the same codes residents scan to report) opens for a
 * grid worker. A stairwell code: that building's households in the worker's grid. A code of a public
 * place (3号楼地下车库): the visit form for that place. A code of the whole compound: its households
 * in the worker's grid. Codes name no household, so none opens a household directly.
 * Whether the worker covers it is asked of the server the same way it decides a visit: households of
 * the building (or compound) in the caller's grids.
 */

/** Where the code is, and which households of the worker's grid show that they cover it. */
export interface ScanScope {
  /** The households list filtered to the code's building, or to its compound. */
  query: { buildingId: number } | { compoundId: number };
  /** 幸福里小区 1号楼 / 幸福里小区 3号楼地下车库 */
  where: string;
}

export type GridScanRoute = { url: string } | { outside: string };

export function scanScope(scan: QrScanView): ScanScope {
  const where = [scan.compound.name, scan.placeLabel].filter(Boolean).join(' ');
  // A place (a spot, even inside a building) is visited as the compound's: the server's rule too.
  if (scan.building && !scan.spotName) return { query: { buildingId: scan.building.id }, where };
  return { query: { compoundId: scan.compound.id }, where };
}

/** The routing decision, once it is known whether the worker's grids cover the code's place. */
export function gridScanRoute(scan: QrScanView, covered: boolean): GridScanRoute {
  const { query, where } = scanScope(scan);
  if (!covered) return { outside: zhGrid.scan.outside(where) };
  if (scan.spotName) {
    return {
      url: visitUrl({ compoundId: scan.compound.id, placeName: scan.placeLabel ?? scan.spotName, label: where, care: false }),
    };
  }
  const filter = 'buildingId' in query ? `buildingId=${query.buildingId}` : `compoundId=${query.compoundId}`;
  return { url: `/packages/grid/households?${filter}&where=${encodeURIComponent(where)}` };
}

export interface ScanDeps {
  resolve: (token: string) => Promise<QrScanView>;
  /** How many of the worker's households match (at least one is enough). */
  households: (query: ScanScope['query']) => Promise<number>;
}

const serverDeps: ScanDeps = {
  resolve: resolveQr,
  households: async (query) => (await call(ENDPOINTS.listGridHouseholds, { query: { ...query, limit: 1 } })).items.length,
};

/**
 * Resolves a scanned token and decides where it goes. A code the server does not know (or no longer:
 * revoked) is `outside` with words that say so; a network failure is thrown (the page offers a retry).
 */
export async function routeScan(token: string, deps: ScanDeps = serverDeps): Promise<GridScanRoute> {
  let scan: QrScanView;
  try {
    scan = await deps.resolve(token);
  } catch (error) {
    if (isUnknownCode(error)) return { outside: zhGrid.scan.notFound };
    throw error;
  }
  return gridScanRoute(scan, (await deps.households(scanScope(scan).query)) > 0);
}
