import {
  ENDPOINTS,
  type BoardView,
  type CategoryView,
  type CommentRequest,
  type CompoundView,
  type CreateTicketRequest,
  type InboxFilters,
  type Page,
  type QrScanView,
  type SimilarTicketView,
  type TicketCommand,
  type TicketEventView,
  type TicketStatusGroup,
  type TicketView,
} from '@doorstep/contracts';

import { call, isApiError, type BodyOf } from './request';

// ------------------------------------------------------------------ reporting

export function resolveQr(token: string): Promise<QrScanView> {
  return call(ENDPOINTS.resolveQr, { params: { token } });
}

/** The server does not know the scanned code (or no longer: revoked). Network trouble is not this. */
export function isUnknownCode(failure: unknown): boolean {
  return isApiError(failure) && (failure.code.startsWith('QR_CODE') || failure.statusCode === 404 || failure.statusCode === 400);
}

export function getCompound(id: number): Promise<CompoundView> {
  return call(ENDPOINTS.getCompound, { params: { id } });
}

export function listCategories(compoundId: number): Promise<CategoryView[]> {
  return call(ENDPOINTS.categories, { params: { id: compoundId } });
}

export function getBoard(compoundId: number): Promise<BoardView> {
  return call(ENDPOINTS.board, { params: { id: compoundId } });
}

/** `idempotencyKey`: the same for every attempt to send the same report (see useReport). */
export function createTicket(body: CreateTicketRequest, idempotencyKey: string): Promise<TicketView> {
  return call(ENDPOINTS.createTicket, { body, idempotencyKey });
}

export function similarTickets(compoundId: number, categoryId: number, buildingId?: number): Promise<SimilarTicketView[]> {
  return call(ENDPOINTS.similarTickets, { query: { compoundId, categoryId, buildingId } });
}

/** 我也遇到. */
export function followTicket(id: number): Promise<TicketView> {
  return call(ENDPOINTS.follow, { params: { id } });
}

// ------------------------------------------------------------------ lists

/** The ticket lists: the reporter's own, 我关注的, the handler's inbox, the assignee's tasks, supervision (督办). */
export type TicketListKind = 'mine' | 'following' | 'inbox' | 'tasks' | 'supervision';

export interface TicketListQuery {
  cursor?: string;
  limit?: number;
  breached?: InboxFilters['breached'];
  /** 我的任务 → 已完成: the tickets the worker resolved, newest first (tasks only). */
  done?: 'true';
  /** 我的工单 tabs, filtered by the API (a page holds only that tab's tickets). */
  group?: TicketStatusGroup;
}

export function listTickets(kind: TicketListKind, query: TicketListQuery): Promise<Page<TicketView>> {
  switch (kind) {
    case 'mine':
      return call(ENDPOINTS.myTickets, { query: { cursor: query.cursor, limit: query.limit, group: query.group } });
    case 'following':
      return call(ENDPOINTS.followingTickets, { query: { cursor: query.cursor, limit: query.limit, group: query.group } });
    case 'inbox':
      return call(ENDPOINTS.inbox, { query: { cursor: query.cursor, limit: query.limit, breached: query.breached } });
    case 'tasks':
      return call(ENDPOINTS.tasks, { query });
    case 'supervision':
      return call(ENDPOINTS.supervision, { query: { cursor: query.cursor, limit: query.limit, breached: query.breached } });
  }
}

/** 本楼工单: one building's tickets (the 楼长's; anyone reading the compound may ask too), newest first. */
export function buildingTickets(
  compoundId: number,
  buildingId: number,
  query: { cursor?: string; limit?: number; group?: TicketStatusGroup },
): Promise<Page<TicketView>> {
  return call(ENDPOINTS.searchTickets, { query: { compoundId, buildingId, ...query } });
}

// ------------------------------------------------------------------ one ticket

export function getTicket(id: number): Promise<TicketView> {
  return call(ENDPOINTS.ticket, { params: { id } });
}

/** Tickets this one may duplicate (same place and category, recent), for the 合并 picker. */
export function duplicateCandidates(id: number): Promise<TicketView[]> {
  return call(ENDPOINTS.duplicateCandidates, { params: { id } });
}

export function getTicketEvents(id: number): Promise<TicketEventView[]> {
  return call(ENDPOINTS.ticketEvents, { params: { id } });
}

export function commentOnTicket(id: number, body: CommentRequest): Promise<TicketEventView> {
  return call(ENDPOINTS.comment, { params: { id }, body });
}

/** Each action of the shared machine and the endpoint that performs it. `close` is the sweeper's, never a button. */
const ACTION_ENDPOINTS = {
  accept: ENDPOINTS.accept,
  reject: ENDPOINTS.reject,
  assign: ENDPOINTS.assign,
  transfer: ENDPOINTS.transfer,
  divert: ENDPOINTS.divert,
  start: ENDPOINTS.start,
  pause: ENDPOINTS.pause,
  resume: ENDPOINTS.resume,
  resolve: ENDPOINTS.resolve,
  cancel: ENDPOINTS.cancel,
  rate: ENDPOINTS.rate,
  reopen: ENDPOINTS.reopen,
  appeal: ENDPOINTS.appeal,
  uphold: ENDPOINTS.uphold,
  reassign: ENDPOINTS.reassign,
  merge: ENDPOINTS.merge,
  follow_up: ENDPOINTS.followUp,
  hand_back: ENDPOINTS.handBack,
  urge: ENDPOINTS.urge,
} as const satisfies Record<Exclude<TicketCommand, 'close'>, unknown>;

export type ButtonAction = keyof typeof ACTION_ENDPOINTS;

/** What each action's request carries besides the ticket id. */
export type ActionBody<A extends ButtonAction> = BodyOf<(typeof ACTION_ENDPOINTS)[A]>;

export function isButtonAction(action: TicketCommand): action is ButtonAction {
  return action in ACTION_ENDPOINTS;
}

/** One action of the shared state machine; a transition's body carries the version the user saw. */
export function actOnTicket<A extends ButtonAction>(action: A, id: number, body: ActionBody<A>): Promise<TicketView> {
  // One generic call for every action: the endpoint map keeps path and body type together.
  const endpoint = ACTION_ENDPOINTS[action] as (typeof ACTION_ENDPOINTS)['accept'];
  return call(endpoint, { params: { id }, body: body as ActionBody<'accept'> });
}
