import { maskPhone, type HouseholdView } from '@doorstep/contracts';
import { iso } from '../common/time';
import type { Household } from './household.entity';

/** What the caller may see of households, decided once per request from their permissions. */
export interface HouseholdVisibility {
  contacts: boolean;
  careTags: boolean;
}

/** Expects `building` and `tags` loaded. */
export function householdView(h: Household, visibility: HouseholdVisibility): HouseholdView {
  const view: HouseholdView = {
    id: h.id,
    compoundId: h.compoundId,
    buildingId: h.buildingId,
    buildingName: h.building?.name ?? '',
    unit: h.unit,
    room: h.room,
    areaHundredths: h.areaHundredths,
    ownerName: h.ownerName,
    ownerPhone: visibility.contacts ? h.ownerPhone : maskPhone(h.ownerPhone),
    version: h.version,
    createdAt: iso(h.createdAt),
  };
  if (visibility.careTags) view.careTags = (h.tags ?? []).map((t) => t.tag).sort();
  return view;
}
