import {
  ENDPOINTS,
  type BuildingView,
  type ClaimHouseholdRequest,
  type HouseholdOption,
  type MembershipView,
  type Page,
} from '@doorstep/contracts';

import { call } from './request';

export function myMemberships(): Promise<MembershipView[]> {
  return call(ENDPOINTS.myMemberships);
}

export function listBuildings(compoundId: number): Promise<Page<BuildingView>> {
  return call(ENDPOINTS.listBuildings, { query: { compoundId, limit: 100 } });
}

export function householdOptions(buildingId: number): Promise<HouseholdOption[]> {
  return call(ENDPOINTS.householdOptions, { params: { id: buildingId } });
}

/** A repeated claim answers with the existing one, so a double tap is harmless. */
export function claimHousehold(body: ClaimHouseholdRequest): Promise<MembershipView> {
  return call(ENDPOINTS.claimHousehold, { body });
}
