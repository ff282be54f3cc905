import { roleHasPermission, type Permission, type ResourceType, type ScopeType } from '@doorstep/contracts';
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
