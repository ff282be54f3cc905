import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { BoardView } from '@doorstep/contracts';
import { Clock } from '../common/clock';
import { shanghaiMonth } from '../common/shanghai-time';
import { notFound } from '../common/errors/domain-error';
import { iso } from '../common/time';
import { Compound } from '../places/compound.entity';
import { buildingOnly } from './ticket.view';
import { Ticket } from './ticket.entity';

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The public board of a compound, reached from its QR code: how many problems are open, how many were
 * resolved this month, how fast, and the latest reports — without names, phones or descriptions.
 */
@Injectable()
export class BoardService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async board(compoundId: number): Promise<BoardView> {
    const compound = await this.db.getRepository(Compound).findOneBy({ id: compoundId });
    if (!compound) throw notFound('COMPOUND_NOT_FOUND');
    const { start, label } = shanghaiMonth(this.clock.now());
    const repo = this.db.getRepository(Ticket);
    const openCount = await repo.count({ where: { compoundId, isOpen: true } });
    const month = await repo
      .createQueryBuilder('t')
      .select(['t.id', 't.status', 't.createdAt', 't.acceptedAt', 't.resolvedAt'])
      .where('t.compound_id = :c AND t.created_at >= :start', { c: compoundId, start })
      .getMany();
    const accepted = month.filter((t) => t.acceptedAt).map((t) => (t.acceptedAt!.getTime() - t.createdAt.getTime()) / 60_000);
    const resolved = month.filter((t) => t.resolvedAt);
    const recent = await repo
      .createQueryBuilder('t')
      .innerJoinAndSelect('t.category', 'category')
      .where('t.compound_id = :c', { c: compoundId })
      .orderBy('t.created_at', 'DESC')
      .addOrderBy('t.id', 'DESC')
      .limit(10)
      .getMany();
    const round = (n: number | null, digits: number) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);
    return {
      compoundId,
      compoundName: compound.name,
      month: label,
      openCount,
      reportedThisMonth: month.length,
      resolvedThisMonth: resolved.length,
      medianAcceptMinutes: round(median(accepted), 1),
      medianResolveHours: round(median(resolved.map((t) => (t.resolvedAt!.getTime() - t.createdAt.getTime()) / 3_600_000)), 1),
      recent: recent.map((t) => ({
        id: t.id,
        categoryName: t.category!.name,
        status: t.status,
        duplicateOfId: t.duplicateOfId,
        placeLabel: buildingOnly(t.placeLabel),
        createdAt: iso(t.createdAt),
      })),
    };
  }
}
