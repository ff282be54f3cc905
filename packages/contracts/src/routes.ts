import type * as T from './api';
import type * as Q from './qr';
import type * as K from './tickets-api';
import type { TicketStatusGroup } from './tickets';

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

  listCompounds: ep<void, void, T.PageQuery & { communityId?: number }, T.Page<T.CompoundView>>('GET', '/compounds'),
  getCompound: ep<Id, void, void, T.CompoundView>('GET', '/compounds/:id'),
  listBuildings: ep<void, void, T.PageQuery & { compoundId: number }, T.Page<T.BuildingView>>('GET', '/buildings'),
  householdOptions: ep<Id, void, void, T.HouseholdOption[]>('GET', '/buildings/:id/household-options'),

  claimHousehold: ep<void, T.ClaimHouseholdRequest, void, T.MembershipView>('POST', '/memberships', true),
  myMemberships: ep<void, void, void, T.MembershipView[]>('GET', '/me/memberships'),
  listMemberships: ep<void, void, T.PageQuery & { compoundId: number; status?: string }, T.Page<T.MembershipView>>(
    'GET',
    '/memberships',
  ),
  verifyMembership: ep<Id, T.ReviewMembershipRequest, void, T.MembershipView>('POST', '/memberships/:id/verify'),
  rejectMembership: ep<Id, T.ReviewMembershipRequest, void, T.MembershipView>('POST', '/memberships/:id/reject'),

  resolveQr: ep<{ token: string }, void, void, Q.QrScanView>('GET', '/qr-codes/resolve/:token'),
  categories: ep<Id, void, void, K.CategoryView[]>('GET', '/compounds/:id/categories'),
  board: ep<Id, void, void, K.BoardView>('GET', '/compounds/:id/board'),
  upload: ep<void, void, void, T.UploadView>('POST', '/uploads', true),

  createTicket: ep<void, K.CreateTicketRequest, void, K.TicketView>('POST', '/tickets', true),
  similarTickets: ep<void, void, { compoundId: number; categoryId: number; buildingId?: number }, K.SimilarTicketView[]>(
    'GET',
    '/tickets/similar',
  ),
  myTickets: ep<void, void, T.PageQuery & { status?: string; group?: TicketStatusGroup }, T.Page<K.TicketView>>(
    'GET',
    '/tickets/mine',
  ),
  /** 我关注的: tickets the caller follows (我也遇到, or a duplicate of theirs was merged into it). */
  followingTickets: ep<void, void, T.PageQuery & { group?: TicketStatusGroup }, T.Page<K.TicketView>>(
    'GET',
    '/tickets/following',
  ),
  inbox: ep<void, void, T.PageQuery & K.InboxFilters, T.Page<K.TicketView>>('GET', '/tickets/inbox'),
  tasks: ep<void, void, T.PageQuery & K.InboxFilters, T.Page<K.TicketView>>('GET', '/tickets/tasks'),
  supervision: ep<void, void, T.PageQuery & K.InboxFilters, T.Page<K.TicketView>>('GET', '/tickets/supervision'),
  ticket: ep<Id, void, void, K.TicketView>('GET', '/tickets/:id'),
  ticketEvents: ep<Id, void, void, K.TicketEventView[]>('GET', '/tickets/:id/events'),
  comment: ep<Id, K.CommentRequest, void, K.TicketEventView>('POST', '/tickets/:id/comments'),
  follow: ep<Id, void, void, K.TicketView>('POST', '/tickets/:id/follow'),
  urge: ep<Id, { note: string }, void, K.TicketView>('POST', '/tickets/:id/urge'),
  accept: ep<Id, K.TransitionRequest, void, K.TicketView>('POST', '/tickets/:id/accept'),
  reject: ep<Id, K.RejectRequest, void, K.TicketView>('POST', '/tickets/:id/reject'),
  assign: ep<Id, K.AssignRequest, void, K.TicketView>('POST', '/tickets/:id/assign'),
  transfer: ep<Id, K.AssignRequest, void, K.TicketView>('POST', '/tickets/:id/transfer'),
  divert: ep<Id, K.TransitionRequest, void, K.TicketView>('POST', '/tickets/:id/divert'),
  start: ep<Id, K.TransitionRequest, void, K.TicketView>('POST', '/tickets/:id/start'),
  pause: ep<Id, K.PauseRequest, void, K.TicketView>('POST', '/tickets/:id/pause'),
  resume: ep<Id, K.TransitionRequest, void, K.TicketView>('POST', '/tickets/:id/resume'),
  resolve: ep<Id, K.ResolveRequest, void, K.TicketView>('POST', '/tickets/:id/resolve'),
  cancel: ep<Id, K.TransitionRequest, void, K.TicketView>('POST', '/tickets/:id/cancel'),
  rate: ep<Id, K.RateRequest, void, K.TicketView>('POST', '/tickets/:id/rate'),
  reopen: ep<Id, K.TransitionRequest, void, K.TicketView>('POST', '/tickets/:id/reopen'),
  appeal: ep<Id, K.TransitionRequest, void, K.TicketView>('POST', '/tickets/:id/appeal'),
  uphold: ep<Id, K.TransitionRequest, void, K.TicketView>('POST', '/tickets/:id/uphold'),
  reassign: ep<Id, K.TransitionRequest & { handlerType: 'company' | 'community' }, void, K.TicketView>(
    'POST',
    '/tickets/:id/reassign',
  ),
  merge: ep<Id, K.DuplicateRequest, void, K.TicketView>('POST', '/tickets/:id/merge'),
  followUp: ep<Id, K.FollowUpRequest, void, K.TicketView>('POST', '/tickets/:id/follow-up'),

  notifications: ep<void, void, T.PageQuery, T.Page<K.NotificationView> & { unread: number }>('GET', '/notifications'),
  /** Polled while a page is visible; send the last ETag as If-None-Match (304 when unchanged). */
  badges: ep<void, void, void, K.BadgesView>('GET', '/me/badges'),
  readNotification: ep<Id, void, void, K.NotificationView>('POST', '/notifications/:id/read'),
  readAllNotifications: ep<void, void, void, void>('POST', '/notifications/read-all'),
  wechatTemplates: ep<void, void, void, K.WechatTemplatesView>('GET', '/notifications/wechat-templates'),
  wechatConsents: ep<void, { kinds: K.NotificationKind[] }, void, Record<string, number>>('POST', '/me/wechat-consents'),
  roleAssignments: ep<void, void, T.PageQuery & { scopeType: string; scopeId: number }, T.Page<T.RoleAssignmentView>>(
    'GET',
    '/role-assignments',
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
