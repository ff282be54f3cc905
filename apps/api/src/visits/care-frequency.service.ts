import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import type { CareFrequencyView } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import type { Caller } from '../common/auth/caller';
import { CareFrequency } from './care-frequency.entity';
import { ROUTINE_KEY, scheduleFrom, type CareSchedule } from './care-schedule';
import type { UpdateCareFrequencyDto } from './dto/visits.dto';
import { VisitAccess } from './visit-access';

/** Days between care visits per tag, per community: the defaults until the community changes them. */
@Injectable()
export class CareFrequencyService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly visitAccess: VisitAccess,
  ) {}

  async get(caller: Caller, communityId: number): Promise<CareFrequencyView> {
    await this.visitAccess.readCommunity(caller, communityId);
    return this.view(communityId);
  }

  /** The community runs its grids (grid.write): it sets how often they visit. Upserts only the tags sent. */
  async update(caller: Caller, communityId: number, dto: UpdateCareFrequencyDto): Promise<CareFrequencyView> {
    await this.access.require(caller, 'grid.write', { type: 'community', id: communityId });
    const rows = Object.entries(dto.days ?? {})
      .filter(([, days]) => days !== undefined)
      .map(([tag, days]) => ({ communityId, tag, days: days as number }));
    if (dto.routineDays !== undefined) rows.push({ communityId, tag: ROUTINE_KEY, days: dto.routineDays });
    // Primary key (community, tag): two admins saving at once both land, the later value wins per tag.
    if (rows.length) await this.db.getRepository(CareFrequency).upsert(rows, ['communityId', 'tag']);
    return this.view(communityId);
  }

  /** The schedules of several communities at once (lists span a street). */
  async schedules(communityIds: readonly number[]): Promise<Map<number, CareSchedule>> {
    const ids = [...new Set(communityIds)];
    const rows = ids.length ? await this.db.getRepository(CareFrequency).findBy({ communityId: In(ids) }) : [];
    return new Map(ids.map((id) => [id, scheduleFrom(rows.filter((r) => r.communityId === id))]));
  }

  private async view(communityId: number): Promise<CareFrequencyView> {
    const schedule = (await this.schedules([communityId])).get(communityId)!;
    return { communityId, ...schedule };
  }
}
