/** Roles a person can hold. A resident is anyone with a verified household membership. */
export const ROLES = [
  'resident',
  'staff',
  'manager',
  'grid_worker',
  /** 楼长/单元长: a resident volunteer for one building (a 单元长 too: units are a label on households). */
  'building_leader',
  'community_admin',
  'street_admin',
  'platform_admin',
] as const;
export type Role = (typeof ROLES)[number];

/** Role assignments are scoped to one of these places or organisations. */
export const SCOPE_TYPES = ['platform', 'street', 'community', 'grid', 'company', 'compound', 'building'] as const;
export type ScopeType = (typeof SCOPE_TYPES)[number];

/** Object types that authorization resolves up the place tree. */
export const RESOURCE_TYPES = [
  'platform',
  'street',
  'community',
  'grid',
  'company',
  'compound',
  'building',
  'household',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

/** 商住 commercial, 老旧 old, 回迁 resettlement. */
export const COMPOUND_TYPES = ['commercial', 'old', 'resettlement'] as const;
export type CompoundType = (typeof COMPOUND_TYPES)[number];

/** 专业物业 company, 共享物业社 shared society, 自治 self-management. */
export const MANAGEMENT_MODES = ['company', 'shared', 'self'] as const;
export type ManagementMode = (typeof MANAGEMENT_MODES)[number];

export const MEMBERSHIP_STATUSES = ['pending', 'verified', 'rejected'] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export const MEMBERSHIP_RELATIONS = ['owner', 'family', 'tenant'] as const;
export type MembershipRelation = (typeof MEMBERSHIP_RELATIONS)[number];

/** Care tags are visible only to grid workers and the community. */
export const CARE_TAGS = ['elderly_alone', 'empty_nest', 'disabled', 'low_income', 'veteran', 'special_care'] as const;
export type CareTag = (typeof CARE_TAGS)[number];
