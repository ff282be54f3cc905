import type { Role, ScopeType } from '@doorstep/contracts';

/** Where a demo account's role applies, named by the seeded place it belongs to. */
export interface DemoAccount {
  phone: string;
  name: string;
  description: string;
  /** scopeName: the place's name; a building's is `小区/楼` (幸福里小区/1号楼). */
  roles: Array<{ role: Role; scopeType: ScopeType; scopeName: string }>;
  /** Verified resident of this household (compound / building / unit / room). */
  household?: { compound: string; building: string; unit: string; room: string };
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    phone: '13800000007',
    name: '周阿姨',
    description: '居民：幸福里小区 1号楼 1单元 101 的业主',
    roles: [],
    household: { compound: '幸福里小区', building: '1号楼', unit: '1', room: '101' },
  },
  {
    phone: '13800000009',
    name: '吴叔叔',
    description: '居民：幸福里小区 1号楼 1单元 102，周阿姨的邻居',
    roles: [],
    household: { compound: '幸福里小区', building: '1号楼', unit: '1', room: '102' },
  },
  {
    phone: '13800000010',
    name: '钱大姐',
    description: '楼长/单元长：幸福里小区 1号楼，住 1号楼 2单元 301；可为本楼邻居代办报事',
    roles: [{ role: 'building_leader', scopeType: 'building', scopeName: '幸福里小区/1号楼' }],
    household: { compound: '幸福里小区', building: '1号楼', unit: '2', room: '301' },
  },
  {
    phone: '13800000005',
    name: '刘经理',
    description: '物业经理：安居物业（幸福里小区）',
    roles: [{ role: 'manager', scopeType: 'company', scopeName: '安居物业服务有限公司' }],
  },
  {
    phone: '13800000006',
    name: '陈师傅',
    description: '物业维修：安居物业',
    roles: [{ role: 'staff', scopeType: 'company', scopeName: '安居物业服务有限公司' }],
  },
  {
    phone: '13800000004',
    name: '赵网格',
    description: '网格员：幸福社区第一网格；也是阳光花园的居民',
    roles: [{ role: 'grid_worker', scopeType: 'grid', scopeName: '幸福社区第一网格' }],
    household: { compound: '阳光花园', building: '2号楼', unit: '1', room: '201' },
  },
  {
    phone: '13800000003',
    name: '张书记',
    description: '社区管理员：幸福社区（含共享物业社）',
    roles: [{ role: 'community_admin', scopeType: 'community', scopeName: '幸福社区' }],
  },
  {
    phone: '13800000002',
    name: '李主任',
    description: '街道管理员：和平街道',
    roles: [{ role: 'street_admin', scopeType: 'street', scopeName: '和平街道' }],
  },
  {
    phone: '13800000008',
    name: '孙经理',
    description: '物业经理：万家物业（和谐家园）',
    roles: [{ role: 'manager', scopeType: 'company', scopeName: '万家物业管理有限公司' }],
  },
  {
    phone: '13800000001',
    name: '王管理员',
    description: '平台管理员',
    roles: [{ role: 'platform_admin', scopeType: 'platform', scopeName: '全平台' }],
  },
];
