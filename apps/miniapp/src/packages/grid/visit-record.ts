import type { GridHouseholdView, NewVisit, VisitKind } from '@doorstep/contracts';

import { zhGrid } from '../../i18n/grid';
import { enqueue, newVisit, type QueuedPhoto, type QueuedVisit } from '../../services/visit-queue';

/**
 * Who or where a visit is about, as the pages pass it along (it must work without a network): a
 * household, or (placeName, from a scanned code) a public place of the compound.
 */
export type VisitTarget = VisitTargetFields &
  ({ householdId: number; placeName?: undefined } | { householdId?: undefined; placeName: string });

interface VisitTargetFields {
  /** For the 诉求 categories of the household's compound. */
  compoundId: number;
  label: string;
  /** The household has care tags: a visit there is a 关爱走访 unless the worker says otherwise. */
  care: boolean;
}

/** 「已见面，一切正常」: the common case, saved at once with the phone's time. */
export function recordAllFine(workerId: number, target: VisitTarget): void {
  enqueue({
    workerId,
    label: target.label,
    compoundId: target.compoundId,
    visit: newVisit({
      ...visitPlace(target),
      kind: defaultKind(target),
      outcome: 'met',
      notes: target.placeName !== undefined ? zhGrid.visit.quickPlaceNotes : zhGrid.household.quickNotes,
    }),
    photos: [],
  });
}

/** Where the visit was, as the server takes it: a household, or a compound and a place name. */
export function visitPlace(target: VisitTarget): Pick<NewVisit, 'householdId' | 'compoundId' | 'placeName'> {
  return target.placeName !== undefined
    ? { compoundId: target.compoundId, placeName: target.placeName }
    : { householdId: target.householdId };
}

export function defaultKind(target: Pick<VisitTarget, 'care'>): VisitKind {
  return target.care ? 'care' : 'routine';
}

/** Saves what the form holds: a new visit, or the edited one (same client id and time) back in its place. */
export function saveVisit(
  record: Pick<QueuedVisit, 'workerId' | 'label' | 'compoundId' | 'ticketNo'>,
  fields: Omit<NewVisit, 'clientId' | 'visitedAt' | 'photoIds'>,
  photos: QueuedPhoto[],
  editing?: Pick<NewVisit, 'clientId' | 'visitedAt'>,
): void {
  const visit = editing ? { ...fields, clientId: editing.clientId, visitedAt: editing.visitedAt } : newVisit(fields);
  enqueue({ ...record, visit, photos });
}

/** The query string that opens 记录走访 for a household or a place (and, for a 回访, the ticket). */
export function visitUrl(target: VisitTarget, followUp?: { ticketId: number; ticketNo: string }): string {
  const query = [
    target.placeName !== undefined ? `place=${encodeURIComponent(target.placeName)}` : `householdId=${target.householdId}`,
    `compoundId=${target.compoundId}`,
    `label=${encodeURIComponent(target.label)}`,
    `care=${target.care ? 1 : 0}`,
  ];
  if (followUp) query.push(`ticketId=${followUp.ticketId}`, `ticketNo=${encodeURIComponent(followUp.ticketNo)}`);
  return `/packages/grid/visit?${query.join('&')}`;
}

/** 1号楼 2单元 301: how the worker names a household. */
export function householdLabel(h: Pick<GridHouseholdView, 'buildingName' | 'unit' | 'room'>): string {
  return zhGrid.households.label(h.buildingName, h.unit, h.room);
}

export function targetOf(h: GridHouseholdView): VisitTarget {
  return { householdId: h.id, compoundId: h.compoundId, label: householdLabel(h), care: h.careTags.length > 0 };
}
