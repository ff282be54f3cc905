import type { IsoTime } from './api';
import type {
  ComplaintTarget,
  HandlerType,
  TicketAction,
  TicketCommand,
  TicketActor,
  TicketKind,
  TicketNote,
  TicketPriority,
  TicketSource,
  TicketStatus,
  TicketStatusGroup,
} from './tickets';

export interface CategoryView {
  id: number;
  /** null: a default offered in every compound. */
  compoundId: number | null;
  kind: TicketKind;
  name: string;
  icon: string;
  priority: TicketPriority;
  acceptMinutes: number;
  /** null: by the end of the day (after 18:00, the next day). */
  resolveHours: number | null;
}

export interface CreateCategoryRequest {
  compoundId: number;
  kind: TicketKind;
  name: string;
  icon?: string;
  priority: TicketPriority;
  acceptMinutes: number;
  resolveHours?: number | null;
}
export interface UpdateCategoryRequest {
  version: number;
  name?: string;
  priority?: TicketPriority;
  acceptMinutes?: number;
  resolveHours?: number | null;
  active?: boolean;
}

export interface CreateTicketRequest {
  compoundId: number;
  categoryId: number;
  description: string;
  buildingId?: number;
  householdId?: number;
  /** The token of the QR code scanned (source qr_scan): fixes the place. */
  qrToken?: string;
  /** Free text place: "3号楼2单元楼道" */
  location?: string;
  source?: TicketSource;
  complaintTarget?: ComplaintTarget;
  /** Complaints only: the company sees the complaint but not who made it. */
  anonymous?: boolean;
  /** 预约上门时间, repairs only. */
  preferredVisitAt?: IsoTime;
  /** Ids from POST /uploads. */
  photoIds?: number[];
  /** Staff filing for a caller (phone) or a grid worker for a household (grid_visit). */
  onBehalfOf?: { name: string; phone: string };
}

export interface TicketPhotoView {
  id: number;
  url: string;
  thumbUrl: string;
  stage: 'report' | 'resolve';
}

export interface TicketView {
  id: number;
  version: number;
  kind: TicketKind;
  status: TicketStatus;
  source: TicketSource;
  priority: TicketPriority;
  categoryId: number;
  categoryName: string;
  description: string;
  compoundId: number;
  compoundName: string;
  buildingId: number | null;
  buildingName: string | null;
  householdId: number | null;
  placeLabel: string;
  /** '匿名' to the company when the complainant asked. */
  reporterName: string;
  /** Masked unless the caller is the reporter or handles the ticket. */
  reporterPhone: string | null;
  complaintTarget: ComplaintTarget | null;
  anonymous: boolean;
  handlerType: HandlerType;
  handlerName: string;
  assigneeId: number | null;
  assigneeName: string | null;
  acceptDeadline: IsoTime;
  resolveDeadline: IsoTime;
  /** The deadline that matters now (accept while submitted, resolve while being handled). */
  dueAt: IsoTime | null;
  acceptBreached: boolean;
  resolveBreached: boolean;
  escalationLevel: number;
  reopenCount: number;
  followerCount: number;
  preferredVisitAt: IsoTime | null;
  pauseReason: string | null;
  pauseUntil: IsoTime | null;
  rating: { overall: number; speed: number | null; attitude: number | null; comment: string | null } | null;
  followUp: 'satisfied' | 'unsatisfied' | null;
  duplicateOfId: number | null;
  createdAt: IsoTime;
  acceptedAt: IsoTime | null;
  resolvedAt: IsoTime | null;
  closedAt: IsoTime | null;
  /** How the caller relates to this ticket, and what they may do now. */
  /** `actions`: what this viewer may do now (mayTake in tickets.ts), 督办 included: the buttons to show. */
  viewer: { actors: TicketActor[]; actions: TicketCommand[]; following: boolean };
  photos: TicketPhotoView[];
}

export interface TicketEventView {
  id: number;
  action: TicketAction | TicketNote;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
  /** Staff names are shown as their role (维修师傅) to residents. */
  actorName: string;
  actorRole: string | null;
  note: string | null;
  internal: boolean;
  createdAt: IsoTime;
}

/** Every state change names the version it was based on. */
export interface TransitionRequest {
  version: number;
  note?: string;
}
export interface AssignRequest extends TransitionRequest {
  assigneeId: number;
}
export interface RejectRequest extends TransitionRequest {
  reason: string;
}
export interface PauseRequest extends TransitionRequest {
  reason: string;
  /** When work can go on (parts arrive, the resident is home). */
  until?: IsoTime;
}
export interface ResolveRequest extends TransitionRequest {
  photoIds?: number[];
}
export interface RateRequest extends TransitionRequest {
  overall: number;
  speed?: number;
  attitude?: number;
  comment?: string;
}
export interface FollowUpRequest extends TransitionRequest {
  satisfied: boolean;
}
export interface CommentRequest {
  body: string;
  /** Internal comments are for staff and supervisors only. */
  internal?: boolean;
}
export interface DuplicateRequest extends TransitionRequest {
  duplicateOfId: number;
}
/** 退单: the assignee hands the ticket back to the handler (status back to accepted, unassigned). */
export interface HandBackRequest extends TransitionRequest {
  reason: string;
}

/**
 * 工单查询: every ticket of one compound, closed ones included. `q` matches the ticket number or the
 * description. `from`/`to` bound the creation time (to exclusive).
 */
export interface TicketSearchQuery {
  compoundId: number;
  status?: TicketStatus;
  group?: TicketStatusGroup;
  kind?: TicketKind;
  categoryId?: number;
  buildingId?: number;
  breached?: 'true' | 'false';
  from?: IsoTime;
  to?: IsoTime;
  q?: string;
}

/**
 * 类别与时限 as the compound's manager sees it: the shared defaults (with this compound's own deadlines
 * and on/off, when set) and the compound's own categories, inactive ones included.
 */
export interface CategorySettingView extends CategoryView {
  active: boolean;
  /** A default offered in every compound; its name and kind belong to the platform. */
  shared: boolean;
  /** The compound changed this default's deadlines or switched it off. */
  overridden: boolean;
}
export interface CategorySettingRequest {
  acceptMinutes: number;
  /** null: by the end of the day. */
  resolveHours: number | null;
  active: boolean;
}

export interface SimilarTicketView {
  id: number;
  categoryName: string;
  placeLabel: string;
  status: TicketStatus;
  followerCount: number;
  createdAt: IsoTime;
  /**
   * The start of the description, phone numbers masked; null for callers who could not follow the
   * ticket (not a verified resident of the compound), since following is what shows the description.
   */
  descriptionSnippet: string | null;
  /** The caller already follows it (我也遇到 tapped before). The caller's own tickets are never listed. */
  following: boolean;
}

export interface NotificationView {
  id: number;
  ticketId: number | null;
  title: string;
  body: string;
  /** The mini-program page to open, e.g. /packages/resident/ticket?id=3. */
  page: string;
  createdAt: IsoTime;
  readAt: IsoTime | null;
}

export interface BoardView {
  compoundId: number;
  compoundName: string;
  month: string;
  openCount: number;
  resolvedThisMonth: number;
  reportedThisMonth: number;
  medianAcceptMinutes: number | null;
  medianResolveHours: number | null;
  recent: Array<{
    id: number;
    categoryName: string;
    status: TicketStatus;
    /** Set when the ticket was merged into that one as a duplicate (see ticketStatusLabel). */
    duplicateOfId: number | null;
    placeLabel: string;
    createdAt: IsoTime;
  }>;
}

/** Filters of the inboxes (handler, tasks, supervision). Inboxes hold open tickets only. */
export interface InboxFilters {
  status?: TicketStatus;
  kind?: TicketKind;
  categoryId?: number;
  compoundId?: number;
  breached?: 'true' | 'false';
  from?: IsoTime;
  to?: IsoTime;
}

/**
 * 我的任务 (GET /tickets/tasks). Without `done` (or 'false'): the caller's open tasks, nearest deadline
 * first, filtered as the inboxes are. `done: 'true'` (已完成): the tickets the caller worked to the end —
 * resolved or closed after being resolved while assigned to them — newest resolution first; `status`
 * may then only be 'resolved' or 'closed', and `from`/`to` bound the resolution time instead of the
 * report time.
 */
export interface TasksFilters extends InboxFilters {
  done?: 'true' | 'false';
}

/** Open tickets in one of the caller's work lists, and how many of them are 紧急 or 特急. */
export interface ListBadge {
  open: number;
  urgent: number;
}

/**
 * What the app polls every few seconds (GET /me/badges, answered 304 to If-None-Match when nothing
 * changed): unread notifications for the 消息 badge, and the open tickets of each work list the caller's
 * roles give them (null: no such list for this caller).
 */
export interface BadgesView {
  unread: number;
  /** Tickets the caller's organisation handles (待处理工单). */
  inbox: ListBadge | null;
  /** Tickets assigned to the caller (我的任务). */
  tasks: ListBadge | null;
  /** Escalated tickets, appeals and complaints about companies (督办). */
  supervision: ListBadge | null;
  /** Home claims waiting for the caller's review (认证 待审核); null when the caller reviews none. */
  claims: number | null;
}

/** Kinds of notification a person can subscribe to as WeChat subscribe messages. */
export const NOTIFICATION_KINDS = [
  'ticket_status',
  'ticket_new',
  /** A home claim verified or rejected (房屋认证结果), to the resident who made it. */
  'membership_review',
  /** 催缴: a household's open bills, to its verified members (once per bill and reminder round). */
  'bill_reminder',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Subscribe-message template ids per kind (null: that kind stays in the app). */
export type WechatTemplatesView = Record<NotificationKind, string | null>;
