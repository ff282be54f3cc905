import type { CareTag, CompoundType, ManagementMode, MembershipRelation, MembershipStatus, Role } from './enums';

/** Chinese names shown to users, and accepted back when importing spreadsheets. */
export const ROLE_LABELS: Record<Role, string> = {
  resident: '居民',
  staff: '物业维修/客服',
  manager: '物业经理',
  grid_worker: '网格员',
  building_leader: '楼长',
  community_admin: '社区管理员',
  street_admin: '街道管理员',
  platform_admin: '平台管理员',
};

export const COMPOUND_TYPE_LABELS: Record<CompoundType, string> = {
  commercial: '商住小区',
  old: '老旧小区',
  resettlement: '回迁小区',
};

export const MANAGEMENT_MODE_LABELS: Record<ManagementMode, string> = {
  company: '专业物业',
  shared: '共享物业社',
  self: '居民自治',
};

export const MEMBERSHIP_STATUS_LABELS: Record<MembershipStatus, string> = {
  pending: '待审核',
  verified: '已认证',
  rejected: '未通过',
};

export const MEMBERSHIP_RELATION_LABELS: Record<MembershipRelation, string> = {
  owner: '业主',
  family: '家庭成员',
  tenant: '租户',
};

export const CARE_TAG_LABELS: Record<CareTag, string> = {
  elderly_alone: '独居老人',
  empty_nest: '空巢老人',
  disabled: '残疾',
  low_income: '低保',
  veteran: '优抚对象',
  special_care: '重点关爱',
};

/** Reverse lookup: a Chinese label or the code itself → the code. */
export function careTagFromText(text: string): CareTag | undefined {
  const trimmed = text.trim();
  for (const [code, label] of Object.entries(CARE_TAG_LABELS) as [CareTag, string][]) {
    if (trimmed === code || trimmed === label) return code;
  }
  return undefined;
}
