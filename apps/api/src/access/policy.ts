import {
  COMPANY_ROLE_CONTROLLERS,
  roleHasPermission,
  type Permission,
  type ResourceType,
  type ScopeType,
} from '@doorstep/contracts';
import type { Assignment } from '../common/auth/caller';

/** `compound:12` — one link of an object's chain of enclosing scopes. */
export type ScopeKey = `${ScopeType | ResourceType}:${number}`;

export const scopeKey = (type: ScopeType | ResourceType, id: number): ScopeKey => `${type}:${id}`;

export const PLATFORM: ScopeKey = 'platform:0';

/** True when some assignment grants `permission` on a scope that encloses the object. */
export function allows(assignments: Assignment[], permission: Permission, chain: ScopeKey[]): boolean {
  return assignments.some((a) => roleHasPermission(a.role, permission) && chain.includes(scopeKey(a.scopeType, a.scopeId)));
}

/** True when some assignment reaches the object at all (then a refusal is 403, otherwise 404). */
export function reaches(assignments: Assignment[], chain: ScopeKey[]): boolean {
  return assignments.some((a) => chain.includes(scopeKey(a.scopeType, a.scopeId)));
}

/** Scopes where the caller holds `permission`, grouped by scope type, for filtering lists in SQL. */
export function scopesWith(assignments: Assignment[], permission: Permission): Map<ScopeType, number[]> {
  const out = new Map<ScopeType, number[]>();
  for (const a of assignments) {
    if (!roleHasPermission(a.role, permission)) continue;
    out.set(a.scopeType, [...(out.get(a.scopeType) ?? []), a.scopeId]);
  }
  return out;
}

export function holdsAnywhere(assignments: Assignment[], permission: Permission): boolean {
  return assignments.some((a) => roleHasPermission(a.role, permission));
}

/**
 * Who may grant, revoke and list the roles held on a scope: holders of `role.assign` on one of the
 * returned scopes, restricted to `roles` when set. A company's scope and a compound a company runs answer
 * only to the company's managers and the platform (COMPANY_ROLE_CONTROLLERS); other scopes to whoever
 * holds `role.assign` on a scope enclosing them. `chain` is the scope's own chain (AccessService.chain).
 */
export function roleControl(
  scopeType: ScopeType,
  scopeId: number,
  chain: ScopeKey[],
): { chain: ScopeKey[]; roles: readonly Assignment['role'][] | null } {
  if (scopeType === 'company') return { chain: [scopeKey('company', scopeId), PLATFORM], roles: COMPANY_ROLE_CONTROLLERS };
  const company = scopeType === 'compound' ? chain.find((k) => k.startsWith('company:')) : undefined;
  if (company) return { chain: [scopeKey('compound', scopeId), company, PLATFORM], roles: COMPANY_ROLE_CONTROLLERS };
  return { chain, roles: null };
}

/** The caller's assignments that control roles on a scope (see roleControl). */
export function roleControllers(assignments: Assignment[], control: ReturnType<typeof roleControl>): Assignment[] {
  return assignments.filter(
    (a) =>
      roleHasPermission(a.role, 'role.assign') &&
      control.chain.includes(scopeKey(a.scopeType, a.scopeId)) &&
      (!control.roles || control.roles.includes(a.role)),
  );
}
