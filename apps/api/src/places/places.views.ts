import type { BuildingView, CommunityView, CompanyView, CompoundView, GridView, StreetView } from '@doorstep/contracts';
import { iso } from '../common/time';
import type { Building } from './building.entity';
import type { Community } from './community.entity';
import type { PropertyCompany } from './company.entity';
import type { Compound } from './compound.entity';
import type { Grid } from './grid.entity';
import type { Street } from './street.entity';

export const streetView = (s: Street): StreetView => ({
  id: s.id,
  name: s.name,
  district: s.district,
  version: s.version,
  createdAt: iso(s.createdAt),
});

export const communityView = (c: Community): CommunityView => ({
  id: c.id,
  streetId: c.streetId,
  name: c.name,
  version: c.version,
  createdAt: iso(c.createdAt),
});

export const gridView = (g: Grid): GridView => ({
  id: g.id,
  communityId: g.communityId,
  name: g.name,
  version: g.version,
  createdAt: iso(g.createdAt),
});

export const companyView = (p: PropertyCompany): CompanyView => ({
  id: p.id,
  name: p.name,
  creditCode: p.creditCode,
  contactPhone: p.contactPhone,
  version: p.version,
  createdAt: iso(p.createdAt),
});

/** Expects `community` and `company` joined. */
export const compoundView = (k: Compound): CompoundView => ({
  id: k.id,
  communityId: k.communityId,
  communityName: k.community?.name ?? '',
  name: k.name,
  address: k.address,
  type: k.type,
  managementMode: k.managementMode,
  companyId: k.companyId,
  companyName: k.company?.name ?? null,
  version: k.version,
  createdAt: iso(k.createdAt),
});

export const buildingView = (b: Building, householdCount: number): BuildingView => ({
  id: b.id,
  compoundId: b.compoundId,
  name: b.name,
  gridId: b.gridId,
  householdCount,
  version: b.version,
  createdAt: iso(b.createdAt),
});
