import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import type { Page, VisitView } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { byId, keysetPage } from '../common/pagination/keyset';
import { iso } from '../common/time';
import { Household } from '../households/household.entity';
import { UploadsService } from '../uploads/uploads.service';
import { User } from '../users/user.entity';
import type { ListVisitsQueryDto } from './dto/visits.dto';
import { VisitAccess } from './visit-access';
import { Visit } from './visit.entity';

/** "3号楼 1单元 101", as tickets label a household. */
export async function householdLabels(db: DataSource, ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.getRepository(Household).find({ where: { id: In(unique) }, relations: { building: true } });
  return new Map(rows.map((h) => [h.id, `${h.building!.name} ${h.unit}单元 ${h.room}`]));
}

/** Reading visits: the caller's own, and those in their household.care scopes (their grids, community, street). */
@Injectable()
export class VisitsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly visitAccess: VisitAccess,
    private readonly uploads: UploadsService,
  ) {}

  /** Newest stored first; along idx_visits_worker / _grid / _community / _household by the filters. */
  async list(caller: Caller, query: ListVisitsQueryDto): Promise<Page<VisitView>> {
    const qb = this.db.getRepository(Visit).createQueryBuilder('v');
    this.visitAccess.filter(qb, caller, { grid: 'v.grid_id', community: 'v.community_id' }, [
      { sql: 'v.worker_id = :me', params: { me: caller.userId } },
    ]);
    if (query.householdId) qb.andWhere('v.household_id = :householdId', { householdId: query.householdId });
    if (query.gridId) qb.andWhere('v.grid_id = :gridId', { gridId: query.gridId });
    if (query.workerId) qb.andWhere('v.worker_id = :workerId', { workerId: query.workerId });
    if (query.from) qb.andWhere('v.visited_at >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('v.visited_at < :to', { to: new Date(query.to) });
    const page = await keysetPage(qb, query, byId('v', 'DESC'));
    return { items: await this.views(page.items), nextCursor: page.nextCursor };
  }

  /** A household's latest visits by the phone's time (the household page; the caller was checked there). */
  async ofHousehold(householdId: number, limit: number): Promise<VisitView[]> {
    const rows = await this.db
      .getRepository(Visit)
      .createQueryBuilder('v')
      .where('v.household_id = :householdId', { householdId })
      .orderBy('v.visited_at', 'DESC')
      .addOrderBy('v.id', 'DESC')
      .limit(limit)
      .getMany();
    return this.views(rows);
  }

  /** For photos attached to a visit: its worker, or household.care where it was made. */
  async mayRead(caller: Caller, visitId: number): Promise<boolean> {
    const visit = await this.db.getRepository(Visit).findOne({
      select: { id: true, workerId: true, gridId: true, communityId: true },
      where: { id: visitId },
    });
    return !!visit && this.visitAccess.mayRead(caller, visit);
  }

  private async views(visits: Visit[]): Promise<VisitView[]> {
    if (!visits.length) return [];
    const workers = await this.db.getRepository(User).find({
      select: { id: true, name: true },
      where: { id: In([...new Set(visits.map((v) => v.workerId))]) },
    });
    const names = new Map(workers.map((u) => [u.id, u.name]));
    const labels = await householdLabels(
      this.db,
      visits.flatMap((v) => (v.householdId === null ? [] : [v.householdId])),
    );
    const photos = await this.uploads.listAttached(
      'visit',
      visits.map((v) => v.id),
    );
    return visits.map((v) => ({
      id: v.id,
      clientId: v.clientId,
      workerId: v.workerId,
      workerName: names.get(v.workerId) ?? '',
      gridId: v.gridId,
      compoundId: v.compoundId,
      householdId: v.householdId,
      householdLabel: v.householdId === null ? null : (labels.get(v.householdId) ?? null),
      placeName: v.placeName,
      kind: v.kind,
      outcome: v.outcome,
      notes: v.notes,
      photoIds: (photos.get(v.id) ?? []).map((p) => p.id),
      visitedAt: iso(v.visitedAt),
      receivedAt: iso(v.receivedAt),
      location:
        v.latitudeE6 === null || v.longitudeE6 === null ? null : { latitude: v.latitudeE6 / 1e6, longitude: v.longitudeE6 / 1e6 },
      ticketId: v.ticketId,
      followUp: v.followUpTicketId === null ? null : { ticketId: v.followUpTicketId, outcome: v.followUpOutcome! },
    }));
  }
}
