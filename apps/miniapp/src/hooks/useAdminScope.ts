import { useMemo } from 'react';
import {
  COMPANY_ROLE_CONTROLLERS,
  GRANTABLE_ROLES,
  ROLE_SCOPES,
  roleHasPermission,
  type CompoundView,
  type MeView,
  type Permission,
  type Role,
  type RoleAssignmentView,
  type ScopeType,
} from '@doorstep/contracts';

import { allCompounds } from '../services/admin';
import { useRemote, type RemoteState } from './useRemote';

/** Role assignments of the caller that carry `permission`. */
export function scopesWith(me: MeView | undefined, permission: Permission): RoleAssignmentView[] {
  return (me?.roles ?? []).filter((r) => roleHasPermission(r.role, permission));
}

/**
 * Does an assignment put this compound in the caller's hands? A company's managers run the compounds
 * it serves; the community runs the compounds without a company (共享物业社, 自治); the street and
 * the platform oversee them all but do not run them.
 */
export function runsCompound(assignment: RoleAssignmentView, compound: CompoundView): boolean {
  switch (assignment.scopeType) {
    case 'company':
      return compound.companyId === assignment.scopeId;
    case 'compound':
      return compound.id === assignment.scopeId;
    case 'community':
      return compound.communityId === assignment.scopeId && compound.managementMode !== 'company';
    default:
      return false;
  }
}

/**
 * The compounds the caller runs with `permission`: by default what they manage (households, codes,
 * categories), the 物业管理 hub's list; `payment.collect` gives the cashier's compounds.
 */
export function useManagedCompounds(
  me: MeView | undefined,
  permission: Permission = 'category.write',
): RemoteState<CompoundView[]> {
  const managing = useMemo(() => scopesWith(me, permission), [me, permission]);
  return useRemote(
    async () => {
      const compounds = await allCompounds();
      return compounds.filter((c) => managing.some((a) => runsCompound(a, c)));
    },
    managing.map((a) => `${a.scopeType}:${a.scopeId}`).join(','),
    me !== undefined,
  );
}

/**
 * The roles the caller may grant on a scope of this type (GRANTABLE_ROLES of their roles, where that
 * role lives). Manager and staff on a company, or on a compound a company runs, are the company's own
 * business: only COMPANY_ROLE_CONTROLLERS grant them, as the server rules.
 */
export function grantableRoles(me: MeView | undefined, scopeType: ScopeType, companyRun = scopeType === 'company'): Role[] {
  const roles = new Set<Role>();
  for (const mine of scopesWith(me, 'role.assign')) {
    for (const role of GRANTABLE_ROLES[mine.role]) {
      if (!ROLE_SCOPES[role].includes(scopeType)) continue;
      const companyRole = companyRun && (role === 'manager' || role === 'staff');
      if (companyRole && !COMPANY_ROLE_CONTROLLERS.includes(mine.role)) continue;
      roles.add(role);
    }
  }
  return [...roles];
}

/** Holds role.assign on exactly this scope (a manager of this company, say). */
export function assignsOn(me: MeView | undefined, scopeType: ScopeType, scopeId: number): boolean {
  return scopesWith(me, 'role.assign').some((r) => r.scopeType === scopeType && r.scopeId === scopeId);
}

/** Holds `permission` on an assignment that runs this compound (bill.write: the compound's money is theirs to correct). */
export function runsWith(me: MeView | undefined, permission: Permission, compound: CompoundView | undefined): boolean {
  return !!compound && scopesWith(me, permission).some((a) => runsCompound(a, compound));
}
