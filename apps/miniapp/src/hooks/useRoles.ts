import { useMemo } from 'react';
import { ROLE_LABELS, type MeView, type Role } from '@doorstep/contracts';

import { setRole } from '../services/session';

export interface RoleOption {
  role: Role;
  label: string;
  /** Where the role applies (小区、社区…), from the role assignments. */
  scopes: string[];
}

export interface RolesState {
  options: RoleOption[];
  current: Role | null;
  choose: (role: Role) => void;
}

/**
 * The distinct roles the user holds, in the order /me lists them, plus 居民 when they have a
 * verified household. The chosen one is persisted; an unknown or stale choice falls back to the first.
 */
export function useRoles(me: MeView | undefined, chosen: Role | null): RolesState {
  const options = useMemo(() => {
    const byRole = new Map<Role, RoleOption>();
    for (const assignment of me?.roles ?? []) {
      const option = byRole.get(assignment.role) ?? {
        role: assignment.role,
        label: ROLE_LABELS[assignment.role],
        scopes: [],
      };
      if (assignment.scopeName && !option.scopes.includes(assignment.scopeName)) {
        option.scopes.push(assignment.scopeName);
      }
      byRole.set(assignment.role, option);
    }
    const verified = (me?.memberships ?? []).filter((m) => m.status === 'verified');
    if (verified.length > 0 && !byRole.has('resident')) {
      byRole.set('resident', {
        role: 'resident',
        label: ROLE_LABELS.resident,
        scopes: Array.from(new Set(verified.map((m) => m.compoundName))),
      });
    }
    return Array.from(byRole.values());
  }, [me]);

  const current = options.find((o) => o.role === chosen)?.role ?? options[0]?.role ?? null;
  return { options, current, choose: setRole };
}
