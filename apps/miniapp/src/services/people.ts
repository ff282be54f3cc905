import { ENDPOINTS, roleHasPermission, type MeView, type RoleAssignmentView, type ScopeType } from '@doorstep/contracts';

import { call } from './request';

export interface Assignee {
  userId: number;
  name: string;
  role: RoleAssignmentView['role'];
}

/**
 * People a handler can assign a ticket to: everyone holding a role that may work tickets (staff,
 * managers, community admins) on the scopes where the caller hands out roles. The server checks the
 * choice again (ASSIGNEE_INVALID).
 */
export async function listAssignees(me: MeView, handlerType: 'company' | 'community'): Promise<Assignee[]> {
  const wanted: ScopeType[] = handlerType === 'company' ? ['company', 'compound'] : ['community'];
  const scopes = me.roles.filter((r) => roleHasPermission(r.role, 'role.assign') && wanted.includes(r.scopeType));
  const seen = new Map<number, Assignee>();
  for (const scope of scopes) {
    let cursor: string | undefined;
    do {
      const page = await call(ENDPOINTS.roleAssignments, {
        query: { scopeType: scope.scopeType, scopeId: scope.scopeId, limit: 100, cursor },
      });
      for (const a of page.items) {
        if (roleHasPermission(a.role, 'ticket.work') && !seen.has(a.userId)) {
          seen.set(a.userId, { userId: a.userId, name: a.userName, role: a.role });
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  // Staff first: they do the work; managers can take a ticket themselves.
  return [...seen.values()].sort((a, b) => Number(a.role !== 'staff') - Number(b.role !== 'staff'));
}
