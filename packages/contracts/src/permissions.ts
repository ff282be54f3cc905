import type { ResourceType, Role, ScopeType } from './enums';

/**
 * What a role may do on objects inside the scope it is assigned to. The server checks these for every
 * object touched; the client uses them only to decide what to show.
 */
export const PERMISSIONS = [
  'street.read',
  'street.write',
  'community.read',
  'community.write',
  'grid.read',
  'grid.write',
  'company.read',
  'company.write',
  'compound.read',
  'compound.write',
  'building.read',
  'building.write',
  'household.read',
  'household.write',
  'household.import',
  /** Full phone numbers of households and members; everyone else sees them masked. */
  'household.contact',
  /** Care tags (独居老人, 低保 …): grid workers and the community only. */
  'household.care',
  'membership.review',
  'user.read',
  'user.write',
  'role.assign',
  /** QR codes and posters of places. */
  'qr.read',
  'qr.write',
  /** Report categories of a compound and their deadlines. */
  'category.write',
  'ticket.read',
  /** Accept, assign, transfer, reject, answer: the handler of the ticket (company or community). */
  'ticket.handle',
  /** Start, pause, resume, resolve the tickets assigned to you. */
  'ticket.work',
  /** File a ticket on someone's behalf (phone call, door-to-door visit). */
  'ticket.file',
  /** Escalated tickets: urge (督办), reassign the handler. */
  'ticket.supervise',
  /** Follow-up visits (回访) on closed tickets. */
  'ticket.followup',
  /** Fee items (收费项目) of a compound: create, change, switch off. */
  'fee.write',
  /** Bills, arrears and collection rate of a compound. A resident sees their own household's bills without it. */
  'bill.read',
  /**
   * Billing runs, waive, cancel. Only those who run the compound: its company's managers, or the community
   * for a compound its shared property society or residents run (see billingChain in the API).
   */
  'bill.write',
  /**
   * 收款 at the desk: record cash, transfer and POS payments. The compound's cashiers (收费员 — its staff)
   * as well as whoever holds bill.write there; correcting them (冲正, 退款), waiving and billing stay
   * with bill.write, so who takes money is not who can make it disappear.
   */
  'payment.collect',
  /**
   * 民情走访: log door-to-door visits (and their 诉求 and 回访) in one's grids: grid workers, and the
   * community. Reading visits and care tags is household.care.
   */
  'visit.log',
  /** 红黑榜: set a street's scoring scheme and publish its monthly lists. The street (and the platform). */
  'score.publish',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_PLACES: Permission[] = [
  'street.read',
  'community.read',
  'grid.read',
  'company.read',
  'compound.read',
  'building.read',
  'household.read',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  resident: [],
  staff: [
    'company.read',
    'compound.read',
    'building.read',
    'ticket.read',
    'ticket.work',
    'ticket.file',
    'bill.read',
    'payment.collect',
  ],
  manager: [
    'company.read',
    'compound.read',
    'building.read',
    'building.write',
    'household.read',
    'household.write',
    'household.import',
    'household.contact',
    'membership.review',
    'user.read',
    'role.assign',
    'qr.read',
    'qr.write',
    'category.write',
    'ticket.read',
    'ticket.handle',
    'ticket.work',
    'ticket.file',
    'fee.write',
    'bill.read',
    'bill.write',
    'payment.collect',
  ],
  grid_worker: [
    'grid.read',
    'building.read',
    'household.read',
    'household.contact',
    'household.care',
    'ticket.read',
    'ticket.file',
    'ticket.followup',
    'visit.log',
  ],
  /**
   * 楼长/单元长: reads their building's households and tickets and files 代办 for a neighbour. No full
   * phone numbers (household.contact), no care tags (household.care), no visits (visit.log).
   */
  building_leader: ['building.read', 'household.read', 'ticket.read', 'ticket.file'],
  community_admin: [
    'community.read',
    'grid.read',
    'grid.write',
    'company.read',
    'compound.read',
    'compound.write',
    'building.read',
    'building.write',
    'household.read',
    'household.write',
    'household.import',
    'household.contact',
    'household.care',
    'membership.review',
    'user.read',
    'role.assign',
    'qr.read',
    'qr.write',
    'category.write',
    'ticket.read',
    'ticket.handle',
    'ticket.work',
    'ticket.file',
    'ticket.supervise',
    'ticket.followup',
    'fee.write',
    'bill.read',
    'bill.write',
    'payment.collect',
    'visit.log',
  ],
  street_admin: [
    ...READ_PLACES,
    'community.write',
    'company.write',
    'compound.write',
    'household.care',
    'user.read',
    'role.assign',
    'qr.read',
    'ticket.read',
    'ticket.supervise',
    'bill.read',
    'score.publish',
  ],
  platform_admin: [...PERMISSIONS],
};

/** Where each role may be assigned. */
export const ROLE_SCOPES: Record<Role, readonly ScopeType[]> = {
  resident: [],
  staff: ['company', 'compound'],
  manager: ['company', 'compound'],
  grid_worker: ['grid'],
  building_leader: ['building'],
  community_admin: ['community'],
  street_admin: ['street'],
  platform_admin: ['platform'],
};

/**
 * Who controls company roles. Manager and staff on a company, or on a compound a company runs, are the
 * company's own business: only holders of these roles — a manager of the company (or, for one compound,
 * of that compound) and the platform — grant them, revoke them or list who holds them. One rule for all
 * three. Not the community and not the street, although their scopes enclose the compound: they
 * supervise the company (督办, escalations, 红黑榜), and a supervisor who could appoint the supervised
 * company's managers could accept its tickets and see its whole staff. A compound the community's shared
 * property society or its residents run has no company: the ordinary rule (inside one's own scope) applies.
 */
export const COMPANY_ROLE_CONTROLLERS: readonly Role[] = ['manager', 'platform_admin'];

/** Which roles a holder of `role.assign` may hand out (always inside their own scope; see COMPANY_ROLE_CONTROLLERS). */
export const GRANTABLE_ROLES: Record<Role, readonly Role[]> = {
  resident: [],
  staff: [],
  manager: ['staff'],
  grid_worker: [],
  building_leader: [],
  community_admin: ['grid_worker', 'building_leader', 'manager', 'staff'],
  street_admin: ['community_admin', 'grid_worker', 'building_leader', 'manager', 'staff'],
  platform_admin: ['staff', 'manager', 'grid_worker', 'building_leader', 'community_admin', 'street_admin', 'platform_admin'],
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** A scope reference as the server resolves it: `compound:12`, `platform:0`. */
export interface ScopeRef {
  type: ScopeType | ResourceType;
  id: number;
}
