/**
 * The ticket life cycle, defined once: the server enforces it, the mini-program reads it to decide
 * which buttons to show. 上报 → 受理 → 派单 → 处置 → 办结 → 评价 → 回访.
 */
export const TICKET_STATUSES = [
  'submitted',
  'accepted',
  'assigned',
  'in_progress',
  'paused',
  'resolved',
  'closed',
  'rejected',
  'appealed',
  'cancelled',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses in which the ticket is still someone's work (the inboxes and the sweeper care about these). */
export const OPEN_STATUSES: readonly TicketStatus[] = ['submitted', 'accepted', 'assigned', 'in_progress', 'paused', 'appealed'];

/** How a reporter groups their tickets (我的工单 tabs). */
export const TICKET_STATUS_GROUPS = {
  open: OPEN_STATUSES,
  to_rate: ['resolved'],
  ended: ['closed', 'rejected', 'cancelled'],
} as const satisfies Record<string, readonly TicketStatus[]>;
export type TicketStatusGroup = keyof typeof TICKET_STATUS_GROUPS;

export const TICKET_KINDS = ['repair', 'complaint', 'suggestion'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

/**
 * Where a ticket came from. `proxy` (代办): a 楼长/单元长 filed it for a neighbour household of their
 * building; like `grid_visit` it is the household's own ticket, but not counted as a visit's 诉求.
 */
export const TICKET_SOURCES = ['qr_scan', 'miniapp', 'phone', 'grid_visit', 'proxy', 'external'] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];

export const TICKET_SOURCE_LABELS: Record<TicketSource, string> = {
  qr_scan: '扫码上报',
  miniapp: '小程序上报',
  phone: '电话代报',
  grid_visit: '走访诉求',
  proxy: '楼长代办',
  external: '热线转入',
};

export const TICKET_PRIORITIES = ['normal', 'urgent', 'emergency'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** What a complaint is about. A complaint about the company itself is shown to the community at once. */
export const COMPLAINT_TARGETS = ['company', 'staff', 'neighbour', 'other'] as const;
export type ComplaintTarget = (typeof COMPLAINT_TARGETS)[number];

/** Who handles a ticket: the property company, or the community (shared society, self-managed compounds, diverted tickets). */
export const HANDLER_TYPES = ['company', 'community'] as const;
export type HandlerType = (typeof HANDLER_TYPES)[number];

/**
 * How the caller relates to this ticket. One person may be several (a manager who also reported it).
 * - reporter: filed it for themselves, or it was filed on their behalf
 * - handler: manages the handling organisation (company managers, or the community for community-handled tickets)
 * - assignee: the staff member it is assigned to
 * - supervisor: community or street admin over the compound (督办)
 * - visitor: grid worker or community admin who may record a follow-up visit (回访)
 * - system: the sweeper (deadlines, auto-close)
 */
export const TICKET_ACTORS = ['reporter', 'handler', 'assignee', 'supervisor', 'visitor', 'system'] as const;
export type TicketActor = (typeof TICKET_ACTORS)[number];

export const TICKET_ACTIONS = [
  'accept',
  'reject',
  'assign',
  'transfer',
  'divert',
  'start',
  'pause',
  'resume',
  'resolve',
  'cancel',
  'rate',
  'reopen',
  'appeal',
  'uphold',
  'reassign',
  'close',
  'merge',
  'follow_up',
  'hand_back',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

/** Events that are not transitions: they appear on the timeline but leave the status alone. */
export const TICKET_NOTES = ['create', 'comment', 'urge', 'escalate', 'follow'] as const;
export type TicketNote = (typeof TICKET_NOTES)[number];

/** 回访 outcomes. */
export const FOLLOW_UP_OUTCOMES = ['satisfied', 'unsatisfied'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

/**
 * What the rules look at besides who is asking: the ticket's facts, only those some rule needs. The
 * server builds them from its row; the client reads the verdicts from TicketView.viewer.actions.
 */
export interface TicketFacts {
  status: TicketStatus;
  /** Where a paused ticket goes back to (null unless paused). */
  pausedFrom: TicketStatus | null;
  handlerType: HandlerType;
  /** The work was done: it reached 已办结 and was not sent back to work since. */
  resolved: boolean;
  /** Merged into this ticket as a duplicate. */
  duplicateOfId: number | null;
  /** 回访 outcome, once recorded. */
  followUp: FollowUpOutcome | null;
}

/** Who may do something, from which statuses, and what else must hold of the ticket. */
export interface Rule {
  from: readonly TicketStatus[];
  by: readonly TicketActor[];
  /** A condition on the ticket's facts beyond its status; when false the action is "not now". */
  when?: (facts: TicketFacts) => boolean;
}

export interface Transition extends Rule {
  /** 'previous' returns to the status before the pause. */
  to: TicketStatus | 'previous';
}

export const TRANSITIONS: Record<TicketAction, Transition> = {
  accept: { from: ['submitted'], to: 'accepted', by: ['handler'] },
  reject: { from: ['submitted', 'accepted'], to: 'rejected', by: ['handler'] },
  assign: { from: ['accepted'], to: 'assigned', by: ['handler'] },
  transfer: { from: ['assigned', 'in_progress'], to: 'assigned', by: ['handler'] },
  /** 分流: the company is not responsible; the community's inbox receives it. The community has nobody to divert to. */
  divert: {
    from: ['submitted', 'accepted', 'assigned', 'in_progress'],
    to: 'submitted',
    by: ['handler'],
    when: (f) => f.handlerType === 'company',
  },
  start: { from: ['assigned'], to: 'in_progress', by: ['assignee'] },
  pause: { from: ['assigned', 'in_progress'], to: 'paused', by: ['assignee', 'handler'] },
  resume: { from: ['paused'], to: 'previous', by: ['assignee', 'handler'], when: (f) => f.pausedFrom !== null },
  resolve: { from: ['in_progress'], to: 'resolved', by: ['assignee', 'handler'] },
  cancel: { from: ['submitted'], to: 'cancelled', by: ['reporter'] },
  rate: { from: ['resolved'], to: 'closed', by: ['reporter'] },
  reopen: { from: ['resolved'], to: 'in_progress', by: ['reporter'] },
  appeal: { from: ['rejected'], to: 'appealed', by: ['reporter'] },
  /** The community agrees with the rejection after an appeal. */
  uphold: { from: ['appealed'], to: 'closed', by: ['supervisor'] },
  /** The supervisor hands the ticket back to a handler to do (after an appeal, or when escalated). */
  reassign: {
    from: ['appealed', 'submitted', 'accepted', 'assigned', 'in_progress', 'paused'],
    to: 'accepted',
    by: ['supervisor'],
  },
  close: { from: ['resolved'], to: 'closed', by: ['system'] },
  /** A duplicate of another open ticket: closed here, its reporter follows the other one. */
  merge: { from: ['submitted', 'accepted'], to: 'closed', by: ['handler'] },
  /**
   * 回访, once, and only of work that was done: not of a merged duplicate or an upheld rejection.
   * Satisfied: the ticket stays closed. Not satisfied: it goes back to in_progress, escalated to the
   * community (the server applies that outcome from the request; the button is the same).
   */
  follow_up: {
    from: ['closed'],
    to: 'closed',
    by: ['visitor'],
    when: (f) => f.resolved && f.duplicateOfId === null && f.followUp === null,
  },
  /**
   * 退单: the assignee cannot do it (wrong trade, needs another team) and gives it back to the handler
   * with a reason; it waits in the handler's inbox to be assigned again. Not from paused: resume first,
   * so the resolve clock is running again when someone else takes it.
   */
  hand_back: { from: ['assigned', 'in_progress'], to: 'accepted', by: ['assignee'] },
};

/** Buttons that write a timeline note and leave the status (and the version) alone. */
export const TICKET_NOTE_ACTIONS = ['urge'] as const;
export type TicketNoteAction = (typeof TICKET_NOTE_ACTIONS)[number];

export const NOTE_ACTION_RULES: Record<TicketNoteAction, Rule> = {
  /** 督办: a supervisor's nudge to whoever handles an open ticket. */
  urge: { from: OPEN_STATUSES, by: ['supervisor'] },
};

/** Everything someone can do to a ticket: the transitions, and the notes a button makes. */
export type TicketCommand = TicketAction | TicketNoteAction;
export const TICKET_COMMANDS: readonly TicketCommand[] = [...TICKET_ACTIONS, ...TICKET_NOTE_ACTIONS];
export const TICKET_RULES: Record<TicketCommand, Rule> = { ...TRANSITIONS, ...NOTE_ACTION_RULES };

/** allowed; not_yours: none of the caller's relations may ever do it (403); not_now: not in this state (409). */
export type Verdict = 'allowed' | 'not_yours' | 'not_now';

/**
 * May someone related to the ticket as `actors` do `action` to a ticket with these facts? The one
 * answer the server enforces and the buttons show.
 */
export function mayTake(action: TicketCommand, actors: readonly TicketActor[], facts: TicketFacts): Verdict {
  const rule = TICKET_RULES[action];
  if (!rule.by.some((b) => actors.includes(b))) return 'not_yours';
  if (!rule.from.includes(facts.status)) return 'not_now';
  return !rule.when || rule.when(facts) ? 'allowed' : 'not_now';
}

/** What the caller may do now: the buttons to show. */
export function availableActions(facts: TicketFacts, actors: readonly TicketActor[]): TicketCommand[] {
  return TICKET_COMMANDS.filter((a) => mayTake(a, actors, facts) === 'allowed');
}

/** The status after `action` from `status` by the table alone (no guards), or null when it does not lead anywhere. */
export function nextStatus(status: TicketStatus, action: TicketAction, pausedFrom?: TicketStatus | null): TicketStatus | null {
  const t = TRANSITIONS[action];
  if (!t.from.includes(status)) return null;
  if (t.to === 'previous') return pausedFrom ?? null;
  return t.to;
}

/** Whether a ticket in this status is still someone's work: the one place `tickets.is_open` comes from. */
export function isOpenStatus(status: TicketStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  submitted: '待受理',
  accepted: '已受理',
  assigned: '已派单',
  in_progress: '处理中',
  paused: '已挂起',
  resolved: '已办结（待评价）',
  closed: '已评价',
  rejected: '不予受理',
  appealed: '申诉中',
  cancelled: '已撤销',
};

export const TICKET_ACTION_LABELS: Record<TicketAction | TicketNote, string> = {
  create: '提交',
  accept: '受理',
  reject: '不予受理',
  assign: '派单',
  transfer: '转派',
  divert: '分流至社区',
  start: '开始处理',
  pause: '挂起',
  resume: '恢复处理',
  resolve: '办结',
  cancel: '撤销',
  rate: '评价',
  reopen: '未解决，重新处理',
  appeal: '申诉',
  uphold: '维持不予受理',
  reassign: '督办改派',
  close: '自动结单',
  follow_up: '回访',
  comment: '留言',
  urge: '督办',
  escalate: '超时升级督办',
  follow: '我也遇到',
  merge: '合并为重复工单',
  hand_back: '退单',
};

export const TICKET_KIND_LABELS: Record<TicketKind, string> = {
  repair: '报修',
  complaint: '投诉',
  suggestion: '建议/咨询',
};

export const COMPLAINT_TARGET_LABELS: Record<ComplaintTarget, string> = {
  company: '物业公司',
  staff: '物业工作人员',
  neighbour: '邻里纠纷',
  other: '其他',
};

export const TICKET_PRIORITY_LABELS: Record<TicketPriority, string> = {
  normal: '一般',
  urgent: '紧急',
  emergency: '特急',
};

/** 1 community (社区), 2 street (街道吹哨、部门报到). */
export const ESCALATION_LABELS = ['物业处理', '社区督办', '街道督办'] as const;
