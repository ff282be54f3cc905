import type * as T from './api';

export const API_PREFIX = '/api/v1';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * One endpoint: method, path template (`:id` params) and, as phantom types, what it takes and returns.
 * The mini-program's service functions are built from these, so a path or type cannot drift.
 */
export interface Endpoint<Params, Body, Query, Res> {
  method: HttpMethod;
  path: string;
  /** Creates a phone may retry carry an Idempotency-Key. */
  idempotent?: boolean;
  readonly _types?: { params: Params; body: Body; query: Query; res: Res };
}

function ep<Params = void, Body = void, Query = void, Res = void>(
  method: HttpMethod,
  path: string,
  idempotent = false,
): Endpoint<Params, Body, Query, Res> {
  return { method, path, idempotent };
}

type Id = { id: number };

export const ENDPOINTS = {
  health: ep<void, void, void, T.HealthView>('GET', '/health'),

  demoUsers: ep<void, void, void, T.DemoUserView[]>('GET', '/auth/demo-users'),
  demoSignIn: ep<void, T.DemoSignInRequest, void, T.TokenPair>('POST', '/auth/demo'),
  wechatSignIn: ep<void, T.WechatSignInRequest, void, T.TokenPair>('POST', '/auth/wechat'),
  refresh: ep<void, T.RefreshRequest, void, T.TokenPair>('POST', '/auth/refresh'),
  signOut: ep<void, void, void, void>('POST', '/auth/logout'),
  me: ep<void, void, void, T.MeView>('GET', '/me'),

  listCompounds: ep<void, void, T.PageQuery & { communityId?: number }, T.Page<T.CompoundView>>(
    'GET',
    '/compounds',
  ),
  getCompound: ep<Id, void, void, T.CompoundView>('GET', '/compounds/:id'),
  listBuildings: ep<void, void, T.PageQuery & { compoundId: number }, T.Page<T.BuildingView>>(
    'GET',
    '/buildings',
  ),
  householdOptions: ep<Id, void, void, T.HouseholdOption[]>('GET', '/buildings/:id/household-options'),

  claimHousehold: ep<void, T.ClaimHouseholdRequest, void, T.MembershipView>('POST', '/memberships', true),
  myMemberships: ep<void, void, void, T.MembershipView[]>('GET', '/me/memberships'),
  listMemberships: ep<
    void,
    void,
    T.PageQuery & { compoundId: number; status?: string },
    T.Page<T.MembershipView>
  >('GET', '/memberships'),
  verifyMembership: ep<Id, T.ReviewMembershipRequest, void, T.MembershipView>(
    'POST',
    '/memberships/:id/verify',
  ),
  rejectMembership: ep<Id, T.ReviewMembershipRequest, void, T.MembershipView>(
    'POST',
    '/memberships/:id/reject',
  ),
} as const;

/** `/compounds/:id` + { id: 3 } → `/compounds/3`. */
export function buildPath(template: string, params?: Record<string, string | number>): string {
  return template.replace(/:([A-Za-z]+)/g, (_, key: string) => {
    const value = params?.[key];
    if (value === undefined) throw new Error(`missing path parameter ${key} for ${template}`);
    return encodeURIComponent(String(value));
  });
}

/** Query string from defined values only, stable order. */
export function buildQuery(query?: object): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
