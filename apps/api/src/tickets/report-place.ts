import type { EntityManager } from 'typeorm';
import type { FindById } from '../common/database/compiled-select';
import type { TicketSource } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { unprocessable } from '../common/errors/domain-error';
import { Household } from '../households/household.entity';
import { Building } from '../places/building.entity';
import type { Compound } from '../places/compound.entity';
import { User } from '../users/user.entity';
import type { CreateTicketDto } from './dto/tickets.dto';

export interface ReportPlace {
  buildingId: number | null;
  householdId: number | null;
  /** What the handler reads to find the spot: "1号楼 1单元 101 厨房", or 小区公共区域. */
  label: string;
}

/** The compound, and the building/household if given, must belong together. */
export async function resolvePlace(
  tx: EntityManager,
  compoundId: number,
  dto: CreateTicketDto,
  qrLabel?: string,
): Promise<ReportPlace> {
  let buildingId = dto.buildingId ?? null;
  let label = '';
  if (dto.householdId) {
    const h = await tx.getRepository(Household).findOne({ where: { id: dto.householdId }, relations: { building: true } });
    if (!h || h.compoundId !== compoundId || (buildingId !== null && h.buildingId !== buildingId)) {
      throw unprocessable('TICKET_PLACE_MISMATCH', [{ field: 'householdId', problems: ['not in this compound'] }]);
    }
    buildingId = h.buildingId;
    label = `${h.building!.name} ${h.unit}单元 ${h.room}`;
  } else if (buildingId !== null) {
    const b = await tx.getRepository(Building).findOneBy({ id: buildingId });
    if (!b || b.compoundId !== compoundId) {
      throw unprocessable('TICKET_PLACE_MISMATCH', [{ field: 'buildingId', problems: ['not in this compound'] }]);
    }
    label = b.name;
  }
  // A named spot's code ("3号楼地下车库") says more than the building alone.
  if (qrLabel && !dto.householdId) label = qrLabel;
  if (dto.location) label = label ? `${label} ${dto.location}` : dto.location;
  return { buildingId, householdId: dto.householdId ?? null, label: (label || '小区公共区域').slice(0, 100) };
}

/** Who the ticket is for: the caller, or the person staff, a grid worker or a 楼长 (代办) file it for. */
export async function resolveReporter(
  tx: EntityManager,
  caller: Caller,
  dto: CreateTicketDto,
  source: TicketSource,
  compound: Compound,
  users: FindById<User>,
): Promise<{ id: number | null; name: string; phone: string | null }> {
  if (dto.onBehalfOf) {
    const existing = await tx.getRepository(User).findOneBy({ phone: dto.onBehalfOf.phone });
    return { id: existing?.id ?? null, name: dto.onBehalfOf.name, phone: dto.onBehalfOf.phone };
  }
  if (source === 'grid_visit' || source === 'proxy') {
    const member = await verifiedMember(tx, dto.householdId!);
    if (member) return member;
  }
  if (source === 'grid_visit' || source === 'proxy' || source === 'phone') {
    const h = await tx.getRepository(Household).findOneByOrFail({ id: dto.householdId! });
    const owner = h.ownerPhone ? await tx.getRepository(User).findOneBy({ phone: h.ownerPhone }) : null;
    return { id: owner?.id ?? null, name: h.ownerName ?? `${compound.name}住户`, phone: h.ownerPhone };
  }
  const me = await users.find(tx, caller.userId);
  if (!me) throw new Error(`the signed-in user ${caller.userId} does not exist`);
  return { id: me.id, name: me.name, phone: me.phone };
}

/**
 * Whom a 诉求 heard at the door (or a 楼长's 代办) is filed for: a verified member of the household — the owner on the
 * imported list first, else the first to be verified — so the household finds it under 我的工单 as its
 * own. Null when nobody of the household has signed up yet (then the imported owner, as for phone calls).
 */
async function verifiedMember(
  tx: EntityManager,
  householdId: number,
): Promise<{ id: number; name: string; phone: string | null } | null> {
  const rows: Array<{ id: number | string; name: string; phone: string | null }> = await tx.query(
    `SELECT u.id, u.name, u.phone FROM household_members m
       JOIN users u ON u.id = m.user_id JOIN households h ON h.id = m.household_id
      WHERE m.household_id = ? AND m.status = 'verified'
      ORDER BY CASE WHEN u.phone = h.owner_phone THEN 0 ELSE 1 END, m.id
      LIMIT 1`,
    [householdId],
  );
  return rows[0] ? { id: Number(rows[0].id), name: rows[0].name, phone: rows[0].phone } : null;
}
