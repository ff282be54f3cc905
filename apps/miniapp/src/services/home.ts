import type { MembershipView } from '@doorstep/contracts';

/** Where a report is about: the compound, and the building when a stairwell code was scanned. */
export interface ReportSite {
  compoundId: number;
  /** The scanned building's name (1号楼), null for a compound code or a report from the app. */
  buildingName: string | null;
}

export interface ReportHome {
  householdId: number;
  /** 1号楼 1单元 101 */
  label: string;
  /** The household is in the scanned building: the report is most likely about it. */
  inScannedBuilding: boolean;
}

/**
 * The resident's verified home to offer as the place of a report here: the one in the scanned
 * building when there is one, else any in the compound. A household's label starts with its
 * building's name ("1号楼 1单元 101"), unique within a compound.
 */
export function homeForReport(memberships: readonly MembershipView[], site: ReportSite): ReportHome | null {
  const verified = memberships.filter((m) => m.status === 'verified' && m.compoundId === site.compoundId);
  const building = site.buildingName;
  const inBuilding = building ? verified.find((m) => m.householdLabel.startsWith(`${building} `)) : undefined;
  const home = inBuilding ?? verified[0];
  if (!home) return null;
  return { householdId: home.householdId, label: home.householdLabel, inScannedBuilding: inBuilding !== undefined };
}

/** Compounds a person can report in without a code: verified homes first, then the ones they scanned. */
export function knownCompounds(
  memberships: readonly MembershipView[],
  recent: ReadonlyArray<{ id: number; name: string }>,
): Array<{ id: number; name: string }> {
  const verified = memberships.filter((m) => m.status === 'verified').map((m) => ({ id: m.compoundId, name: m.compoundName }));
  return [...verified, ...recent].filter((c, i, list) => list.findIndex((x) => x.id === c.id) === i);
}
