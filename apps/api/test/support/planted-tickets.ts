import { Ticket } from '../../src/tickets/ticket.entity';
import { TicketEvent } from '../../src/tickets/ticket-event.entity';
import type { TestApp } from './test-app';
import type { TicketWorld } from './ticket-world';

/** A Shanghai wall-clock time ('2025-03-08 09:00') as an instant. */
export const sh = (local: string) => new Date(Date.parse(`${local.replace(' ', 'T')}:00+08:00`));

/**
 * Tickets written straight into the table with the facts a figure looks at, for months with known
 * answers (the ticket loop's own tests drive tickets through the API; figures only read the records).
 */
export function planter(t: TestApp, w: TicketWorld) {
  const ids: Record<string, number> = {};
  const plant = async (
    name: string,
    compound: { id: number; companyId: number | null },
    created: string,
    over: Partial<Ticket> = {},
  ): Promise<number> => {
    const createdAt = sh(created);
    const row = await t.db.getRepository(Ticket).save({
      compoundId: compound.id,
      communityId: w.community.id,
      streetId: w.street.id,
      buildingId: null,
      householdId: null,
      qrCodeId: null,
      placeLabel: '1号楼',
      categoryId: w.categories.water,
      kind: 'repair',
      source: 'miniapp',
      priority: 'normal',
      status: 'closed',
      isOpen: false,
      description: `考核测试 ${name}`,
      reporterId: w.users.resident.id,
      reporterName: '周阿姨',
      reporterPhone: null,
      createdById: w.users.resident.id,
      complaintTarget: null,
      anonymous: false,
      handlerType: compound.companyId ? 'company' : 'community',
      handlerCompanyId: compound.companyId,
      assigneeId: null,
      acceptDeadline: new Date(createdAt.getTime() + 10 * 60_000),
      resolveDeadline: new Date(createdAt.getTime() + 24 * 3600_000),
      dueAt: null,
      timerAt: null,
      acceptedAt: null,
      resolvedAt: null,
      closedAt: null,
      acceptBreached: false,
      resolveBreached: false,
      escalationLevel: 0,
      supervised: false,
      reopenCount: 0,
      followerCount: 0,
      rating: null,
      ratingSpeed: null,
      ratingAttitude: null,
      followUp: null,
      duplicateOfId: null,
      ...over,
    } as Partial<Ticket>);
    await t.db.getRepository(Ticket).update(row.id!, { createdAt });
    ids[name] = row.id!;
    return row.id!;
  };
  const urge = async (ticket: string, at: string) => {
    const event = await t.db.getRepository(TicketEvent).save({
      ticketId: ids[ticket],
      action: 'urge',
      fromStatus: null,
      toStatus: null,
      actorId: w.users.community.id,
      actorRole: 'community_admin',
      actorName: '张书记',
      note: '请尽快处理',
      internal: false,
    });
    await t.db.getRepository(TicketEvent).update(event.id, { createdAt: sh(at) });
  };
  return { ids, plant, urge };
}
