import { availableActions, maskPhone, type TicketEventView, type TicketPhotoView, type TicketView } from '@doorstep/contracts';
import { iso, isoOrNull } from '../common/time';
import type { TicketRelation } from './ticket-actors';
import { factsOf } from './ticket-rules';
import type { TicketEvent } from './ticket-event.entity';
import type { Ticket } from './ticket.entity';

/** What residents see instead of staff names on the timeline (policy: staff are named by role). */
const PUBLIC_ROLE_NAMES: Record<string, string> = {
  manager: '物业客服',
  staff: '维修师傅',
  community_admin: '社区工作人员',
  street_admin: '街道工作人员',
  grid_worker: '网格员',
  building_leader: '楼长',
  platform_admin: '平台',
  system: '系统',
  resident: '居民',
};

const ANONYMOUS = '匿名';

/** "1号楼 1单元 101" → "1号楼": the place without the home, for anyone who may not know whose it is. */
export function buildingOnly(placeLabel: string): string {
  return placeLabel.split(' ')[0];
}

/** The household and room are withheld from followers, and from the company when the complainant is anonymous. */
const seesHome = (rel: TicketRelation) =>
  !rel.followerOnly && rel.seesIdentity && (rel.isStaff || rel.actors.includes('reporter'));

/** Expects category, compound, building and assignee joined. */
export function ticketView(t: Ticket, rel: TicketRelation, handlerName: string, photos: TicketPhotoView[]): TicketView {
  return {
    id: t.id,
    version: t.version,
    kind: t.kind,
    status: t.status,
    source: t.source,
    priority: t.priority,
    categoryId: t.categoryId,
    categoryName: t.category?.name ?? '',
    description: t.description,
    compoundId: t.compoundId,
    compoundName: t.compound?.name ?? '',
    buildingId: t.buildingId,
    buildingName: t.building?.name ?? null,
    householdId: seesHome(rel) ? t.householdId : null,
    placeLabel: seesHome(rel) || (!t.anonymous && rel.isStaff) ? t.placeLabel : buildingOnly(t.placeLabel),
    reporterName: rel.seesIdentity ? (rel.isStaff || rel.actors.includes('reporter') ? t.reporterName : '居民') : ANONYMOUS,
    reporterPhone: rel.seesPhone ? t.reporterPhone : rel.seesIdentity && rel.isStaff ? maskPhone(t.reporterPhone) : null,
    complaintTarget: t.complaintTarget,
    anonymous: t.anonymous,
    handlerType: t.handlerType,
    handlerName,
    assigneeId: t.assigneeId,
    assigneeName: t.assignee ? (rel.isStaff ? t.assignee.name : `${t.assignee.name.slice(0, 1)}师傅`) : null,
    acceptDeadline: iso(t.acceptDeadline),
    resolveDeadline: iso(t.resolveDeadline),
    dueAt: isoOrNull(t.dueAt),
    acceptBreached: t.acceptBreached,
    resolveBreached: t.resolveBreached,
    escalationLevel: t.escalationLevel,
    reopenCount: t.reopenCount,
    followerCount: t.followerCount,
    preferredVisitAt: isoOrNull(t.preferredVisitAt),
    pauseReason: t.pauseReason,
    pauseUntil: isoOrNull(t.pauseUntil),
    rating:
      t.rating === null
        ? null
        : { overall: t.rating, speed: t.ratingSpeed, attitude: t.ratingAttitude, comment: t.ratingComment },
    followUp: t.followUp,
    duplicateOfId: t.duplicateOfId,
    createdAt: iso(t.createdAt),
    acceptedAt: isoOrNull(t.acceptedAt),
    resolvedAt: isoOrNull(t.resolvedAt),
    closedAt: isoOrNull(t.closedAt),
    viewer: { actors: rel.actors, actions: availableActions(factsOf(t), rel.actors), following: rel.following },
    photos: rel.followerOnly ? [] : photos,
  };
}

export function eventView(e: TicketEvent, rel: TicketRelation, reporterId: number | null): TicketEventView {
  const byReporter = e.actorId !== null && e.actorId === reporterId;
  let actorName: string;
  if (byReporter)
    actorName = rel.seesIdentity ? (rel.isStaff || rel.actors.includes('reporter') ? e.actorName : '居民') : ANONYMOUS;
  else if (rel.isStaff) actorName = e.actorName;
  else actorName = e.actorRole === 'staff' ? `${e.actorName.slice(0, 1)}师傅` : (PUBLIC_ROLE_NAMES[e.actorRole] ?? '工作人员');
  return {
    id: e.id,
    action: e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorName,
    actorRole: byReporter ? 'reporter' : e.actorRole,
    note: rel.followerOnly ? null : e.note,
    internal: e.internal,
    createdAt: iso(e.createdAt),
  };
}
