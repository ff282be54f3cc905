/** Who holds each simulated phone, and what the global setup prepared for them. */

export type DeviceName = 'newcomer' | 'resident' | 'manager' | 'supervisor' | 'street' | 'grid' | 'leader';

/** Demo people (apps/api/src/seed/demo-accounts.ts) whose WeChat accounts the setup links. */
export const PEOPLE = [
  { device: 'resident', phone: '13800000007', name: '周阿姨' },
  { device: 'manager', phone: '13800000005', name: '刘经理' },
  { device: 'supervisor', phone: '13800000003', name: '张书记' },
  { device: 'street', phone: '13800000002', name: '李主任' },
  { device: 'grid', phone: '13800000004', name: '赵网格' },
  { device: 'leader', phone: '13800000010', name: '钱大姐' },
] as const satisfies ReadonlyArray<{ device: DeviceName; phone: string; name: string }>;

export interface Ticket {
  id: number;
  description: string;
  categoryName: string;
}

export interface WeappFixtures {
  /** Where the test's API listens; the fake wx.request sends the app's calls there. */
  apiOrigin: string;
  /** 周阿姨's compound. */
  compound: { id: number; name: string };
  /** The leak 周阿姨 reported at home: in the manager's inbox. */
  repair: Ticket;
  /** Her complaint about the property company: supervised by the community. */
  complaint: Ticket;
  /** A stairwell code of her compound. */
  qr: { token: string; buildingName: string };
  /** A household of 赵网格's grid, as 我的住户 lists it. */
  gridHousehold: { id: number; compoundId: number; buildingName: string; unit: string; room: string };
  /** The street's 红黑榜 of last month, published by 李主任 (the demo has no tickets then: both lists empty). */
  scoreListId: number;
}

declare global {
  var __weappProduct: { close: () => Promise<void> } | undefined;
}

export function readFixtures(): WeappFixtures {
  const raw = process.env.DOORSTEP_WEAPP_FIXTURES;
  if (!raw)
    throw new Error(
      'DOORSTEP_WEAPP_FIXTURES is unset: run this suite through Jest (project "weapp"), whose global setup starts the API',
    );
  return JSON.parse(raw) as WeappFixtures;
}
