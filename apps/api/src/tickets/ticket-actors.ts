import type { TicketActor } from '@doorstep/contracts';
import { allows, PLATFORM, scopeKey, type ScopeKey } from '../access/policy';
import type { Caller } from '../common/auth/caller';
import type { Ticket } from './ticket.entity';

/** The scopes whose holders handle the ticket: the company (or that compound's managers), or the community. */
export function handlerChain(t: Pick<Ticket, 'handlerType' | 'handlerCompanyId' | 'compoundId' | 'communityId'>): ScopeKey[] {
  return t.handlerType === 'company' && t.handlerCompanyId !== null
    ? [scopeKey('company', t.handlerCompanyId), scopeKey('compound', t.compoundId)]
    : [scopeKey('community', t.communityId)];
}

/** Every scope the ticket sits in, for reading it. */
export function readChain(t: Ticket, gridId: number | null): ScopeKey[] {
  const keys: ScopeKey[] = [
    scopeKey('compound', t.compoundId),
    scopeKey('community', t.communityId),
    scopeKey('street', t.streetId),
    PLATFORM,
  ];
  if (t.handlerCompanyId !== null) keys.push(scopeKey('company', t.handlerCompanyId));
  // The compound's company keeps sight of tickets it diverted to the community.
  const compoundCompany = t.compound?.companyId ?? null;
  if (compoundCompany !== null && compoundCompany !== t.handlerCompanyId) keys.push(scopeKey('company', compoundCompany));
  if (t.buildingId !== null) keys.push(scopeKey('building', t.buildingId));
  if (gridId !== null) keys.push(scopeKey('grid', gridId));
  return keys;
}

const supervisionChain = (t: Ticket): ScopeKey[] => [
  scopeKey('community', t.communityId),
  scopeKey('street', t.streetId),
  PLATFORM,
];

export interface TicketRelation {
  actors: TicketActor[];
  canRead: boolean;
  following: boolean;
  /** Sees who reported it, even when the complainant asked to stay anonymous to the company. */
  seesIdentity: boolean;
  /** Sees the reporter's full phone number: the reporter and those who handle the ticket. */
  seesPhone: boolean;
  /** Sees staff names and reads the ticket as staff: staff of the handler, supervisors, grid workers, 楼长. */
  isStaff: boolean;
  /** Reads and writes internal comments: isStaff, except a 楼长 (a resident volunteer) reading their building's tickets. */
  seesInternal: boolean;
  /**
   * Reads the ticket only because they tapped 我也遇到: they follow its progress but see no photos,
   * no household, no notes, and the place only to the building.
   */
  followerOnly: boolean;
}

/** How the caller relates to one ticket: decides what they see and which actions they may take. */
export function relate(caller: Caller, t: Ticket, gridId: number | null, following: boolean): TicketRelation {
  const a = caller.assignments;
  const actors: TicketActor[] = [];
  if (t.reporterId === caller.userId) actors.push('reporter');
  if (allows(a, 'ticket.handle', handlerChain(t))) actors.push('handler');
  if (t.assigneeId === caller.userId && allows(a, 'ticket.work', readChain(t, gridId))) actors.push('assignee');
  if (allows(a, 'ticket.supervise', supervisionChain(t))) actors.push('supervisor');
  if (allows(a, 'ticket.followup', readChain(t, gridId))) actors.push('visitor');
  const chain = readChain(t, gridId);
  const staffRead = allows(a, 'ticket.read', chain);
  const isStaff = staffRead || actors.some((x) => x !== 'reporter');
  const seesInternal =
    actors.some((x) => x !== 'reporter') ||
    allows(
      a.filter((x) => x.role !== 'building_leader'),
      'ticket.read',
      chain,
    );
  const outsideCompany = allows(a, 'ticket.read', [
    scopeKey('community', t.communityId),
    scopeKey('street', t.streetId),
    PLATFORM,
  ]);
  const seesIdentity =
    actors.includes('reporter') ||
    !t.anonymous ||
    outsideCompany ||
    (gridId !== null && allows(a, 'ticket.read', [scopeKey('grid', gridId)]));
  return {
    actors,
    canRead: isStaff || actors.includes('reporter') || following,
    following,
    seesIdentity,
    seesPhone: seesIdentity && (actors.includes('reporter') || actors.includes('handler') || actors.includes('assignee')),
    isStaff,
    seesInternal,
    followerOnly: following && !isStaff && !actors.includes('reporter'),
  };
}

/** The capacity shown on the timeline for a staff action: the most senior ticket role held. */
export function displayRole(caller: Caller): string {
  const order = ['manager', 'community_admin', 'street_admin', 'staff', 'grid_worker', 'building_leader', 'platform_admin'];
  const held = caller.assignments.map((a) => a.role as string);
  return order.find((r) => held.includes(r)) ?? 'staff';
}
