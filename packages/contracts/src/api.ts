import type { CareTag, CompoundType, ManagementMode, MembershipRelation, MembershipStatus, Role, ScopeType } from './enums';
import type { ImportRowError } from './errors';

/** Every list answers with one page and an opaque cursor for the next (keyset pagination). */
export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

export interface PageQuery {
  cursor?: string;
  limit?: number;
}

/** Times are ISO-8601 strings in UTC; clients show them in Asia/Shanghai. */
export type IsoTime = string;

export interface HealthView {
  status: 'ok' | 'degraded';
  database: { type: 'mysql' | 'mariadb' | 'better-sqlite3'; ok: boolean; latencyMs: number };
  version: string;
  time: IsoTime;
}

// ---------------------------------------------------------------- places
export interface StreetView {
  id: number;
  name: string;
  district: string | null;
  version: number;
  createdAt: IsoTime;
}
export interface CreateStreetRequest {
  name: string;
  district?: string;
}
export interface UpdateStreetRequest {
  version: number;
  name?: string;
  district?: string;
}

export interface CommunityView {
  id: number;
  streetId: number;
  name: string;
  version: number;
  createdAt: IsoTime;
}
export interface CreateCommunityRequest {
  streetId: number;
  name: string;
}
export interface UpdateCommunityRequest {
  version: number;
  name?: string;
}

export interface GridView {
  id: number;
  communityId: number;
  name: string;
  version: number;
  createdAt: IsoTime;
}
export interface CreateGridRequest {
  communityId: number;
  name: string;
}
export interface UpdateGridRequest {
  version: number;
  name?: string;
}

export interface CompanyView {
  id: number;
  name: string;
  creditCode: string | null;
  contactPhone: string | null;
  version: number;
  createdAt: IsoTime;
}
export interface CreateCompanyRequest {
  name: string;
  creditCode?: string;
  contactPhone?: string;
}
export interface UpdateCompanyRequest {
  version: number;
  name?: string;
  creditCode?: string;
  contactPhone?: string;
}

export interface CompoundView {
  id: number;
  communityId: number;
  communityName: string;
  name: string;
  address: string | null;
  type: CompoundType;
  managementMode: ManagementMode;
  companyId: number | null;
  companyName: string | null;
  version: number;
  createdAt: IsoTime;
}
export interface CreateCompoundRequest {
  communityId: number;
  name: string;
  address?: string;
  type: CompoundType;
  managementMode: ManagementMode;
  /** Required when managementMode is `company`, forbidden otherwise. */
  companyId?: number;
}
export interface UpdateCompoundRequest {
  version: number;
  name?: string;
  address?: string;
  type?: CompoundType;
  managementMode?: ManagementMode;
  companyId?: number | null;
}

export interface BuildingView {
  id: number;
  compoundId: number;
  name: string;
  gridId: number | null;
  householdCount: number;
  version: number;
  createdAt: IsoTime;
}
export interface CreateBuildingRequest {
  compoundId: number;
  name: string;
  gridId?: number;
}
export interface UpdateBuildingRequest {
  version: number;
  name?: string;
  gridId?: number | null;
}

export interface HouseholdView {
  id: number;
  compoundId: number;
  buildingId: number;
  buildingName: string;
  unit: string;
  room: string;
  /** Hundredths of m²: 8950 is 89.50 m². */
  areaHundredths: number;
  ownerName: string | null;
  /** Masked (138****1234) unless the caller may see contacts. */
  ownerPhone: string | null;
  /** Present only for grid workers and the community; absent for everyone else. */
  careTags?: CareTag[];
  version: number;
  createdAt: IsoTime;
}
export interface CreateHouseholdRequest {
  buildingId: number;
  unit: string;
  room: string;
  areaHundredths: number;
  ownerName?: string;
  ownerPhone?: string;
  careTags?: CareTag[];
}
export interface UpdateHouseholdRequest {
  version: number;
  areaHundredths?: number;
  ownerName?: string | null;
  ownerPhone?: string | null;
  careTags?: CareTag[];
}

export interface HouseholdImportResult {
  dryRun: boolean;
  rows: number;
  /** Columns set aside because the caller may not write them (标签 without household.care). */
  ignoredColumns: string[];
  created: number;
  updated: number;
  buildingsCreated: number;
}
export type HouseholdImportErrors = ImportRowError[];

/** What a resident sees when picking their home: no names, no phones. */
export interface HouseholdOption {
  id: number;
  buildingId: number;
  unit: string;
  room: string;
}

// ---------------------------------------------------------------- people
export interface RoleAssignmentView {
  id: number;
  userId: number;
  /** Who holds the role, so a manager can pick a colleague by name (派单). */
  userName: string;
  role: Role;
  scopeType: ScopeType;
  scopeId: number;
  /** Name of the scope object, for display (e.g. 幸福里小区). */
  scopeName: string | null;
  createdAt: IsoTime;
}
/**
 * Grant a role to a known person (`userId`) or by phone (`person`: found by the number, or created with
 * the name when nobody has signed up with it yet). Exactly one of the two.
 */
export interface CreateRoleAssignmentRequest {
  userId?: number;
  person?: { name: string; phone: string };
  role: Role;
  scopeType: ScopeType;
  /** 0 for the platform scope. */
  scopeId: number;
}

export interface UserView {
  id: number;
  name: string;
  /** Masked unless the caller is this user or a platform admin. */
  phone: string | null;
  createdAt: IsoTime;
}
export interface CreateUserRequest {
  name: string;
  phone: string;
}
export interface UpdateUserRequest {
  version: number;
  name?: string;
  phone?: string;
}

export interface MembershipView {
  id: number;
  householdId: number;
  userId: number;
  userName: string;
  /** Masked for anyone but the member and reviewers. */
  userPhone: string | null;
  relation: MembershipRelation;
  status: MembershipStatus;
  rejectReason: string | null;
  /** 3号楼 2单元 301 — for the resident's own list. */
  householdLabel: string;
  compoundId: number;
  compoundName: string;
  /**
   * For reviewers: does the claimant's phone equal the owner phone on file for the household? (Such a
   * claim is verified at once, so a pending one answers false.) null when no owner phone is on file or
   * the caller is not a reviewer.
   */
  ownerPhoneMatch: boolean | null;
  version: number;
  createdAt: IsoTime;
  reviewedAt: IsoTime | null;
}
export interface ClaimHouseholdRequest {
  householdId: number;
  relation: MembershipRelation;
}
export interface ReviewMembershipRequest {
  version: number;
  /** Required when rejecting. */
  reason?: string;
}

export interface MeView {
  user: { id: number; name: string; phone: string | null };
  roles: RoleAssignmentView[];
  memberships: MembershipView[];
}

// ---------------------------------------------------------------- auth
export interface TokenPair {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  user: { id: number; name: string };
}
export interface WechatSignInRequest {
  code: string;
}
export interface DemoSignInRequest {
  phone: string;
}
export interface RefreshRequest {
  refreshToken: string;
}
export interface DemoUserView {
  phone: string;
  name: string;
  roles: Role[];
  description: string;
}

// ---------------------------------------------------------------- uploads
/** A photo as the API shows it. `url` and `thumbUrl` need the same sign-in as the metadata. */
export interface UploadView {
  id: number;
  url: string;
  thumbUrl: string;
  width: number;
  height: number;
  mime: string;
  bytes: number;
}
