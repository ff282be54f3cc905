import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { BILLING_LIMITS, type FeeItemView, type FeeRule } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { isUniqueViolation } from '../common/database/db-errors';
import { updateVersioned } from '../common/database/versioned-update';
import { conflict, notFound, unprocessable } from '../common/errors/domain-error';
import { validationFailed } from '../common/http/validation';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { BillingAccess } from './billing-access';
import type { CreateFeeItemDto, UpdateFeeItemDto } from './dto/payments.dto';
import { FeeItem } from './fee-item.entity';
import { feeItemView } from './fee-item.view';

const PRICE_MAX: Record<FeeRule, number> = {
  per_area: BILLING_LIMITS.perAreaPriceFenMax,
  per_month: BILLING_LIMITS.perMonthPriceFenMax,
  one_off: BILLING_LIMITS.oneOffPriceFenMax,
};

function checkPrice(rule: FeeRule, priceFen: number): void {
  if (priceFen > PRICE_MAX[rule]) {
    throw validationFailed([
      { field: 'priceFen', problems: [`priceFen must not be greater than ${PRICE_MAX[rule]} for ${rule}`] },
    ]);
  }
}

/** 收费项目: a compound's fee items. */
@Injectable()
export class FeeItemsService {
  constructor(
    @InjectRepository(FeeItem) private readonly items: Repository<FeeItem>,
    private readonly access: BillingAccess,
    private readonly idempotency: IdempotencyService,
  ) {}

  async list(caller: Caller, compoundId: number): Promise<FeeItemView[]> {
    await this.access.compound(caller, 'bill.read', compoundId);
    const rows = await this.items.find({
      where: { compoundId },
      order: { id: 'ASC' },
      take: BILLING_LIMITS.feeItemsPerCompoundMax,
    });
    return rows.map(feeItemView);
  }

  async create(
    caller: Caller,
    dto: CreateFeeItemDto,
    key: string | undefined,
  ): Promise<{ view: FeeItemView; replayed: boolean }> {
    await this.access.compound(caller, 'fee.write', dto.compoundId);
    const periodic = dto.rule !== 'one_off';
    if (periodic && (dto.cycleMonths === undefined || dto.period !== undefined)) {
      throw validationFailed([
        {
          field: dto.cycleMonths === undefined ? 'cycleMonths' : 'period',
          problems: [`${dto.rule} takes cycleMonths and no period`],
        },
      ]);
    }
    if (!periodic && (dto.period === undefined || dto.cycleMonths !== undefined)) {
      throw validationFailed([
        { field: dto.period === undefined ? 'period' : 'cycleMonths', problems: ['one_off takes a period and no cycleMonths'] },
      ]);
    }
    checkPrice(dto.rule, dto.priceFen);
    try {
      const { resourceId, replayed } = await this.idempotency.run(caller.userId, 'fee-item', key, dto, async (tx) => {
        const count = await tx.getRepository(FeeItem).countBy({ compoundId: dto.compoundId });
        if (count >= BILLING_LIMITS.feeItemsPerCompoundMax) throw unprocessable('FEE_ITEM_LIMIT');
        const result = await tx.getRepository(FeeItem).insert({
          compoundId: dto.compoundId,
          name: dto.name,
          rule: dto.rule,
          priceFen: dto.priceFen,
          cycleMonths: periodic ? dto.cycleMonths! : null,
          period: periodic ? null : dto.period!,
          active: true,
        });
        return Number(result.identifiers[0].id);
      });
      const item = await this.items.findOneByOrFail({ id: resourceId });
      return { view: feeItemView(item), replayed };
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('FEE_ITEM_NAME_TAKEN');
      throw error;
    }
  }

  async update(caller: Caller, id: number, dto: UpdateFeeItemDto): Promise<FeeItemView> {
    const item = await this.items.findOneBy({ id });
    if (!item) throw notFound('FEE_ITEM_NOT_FOUND');
    await this.access.compound(caller, 'fee.write', item.compoundId, 'FEE_ITEM_NOT_FOUND');
    if (dto.priceFen !== undefined) checkPrice(item.rule, dto.priceFen);
    const changes: Partial<FeeItem> = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.priceFen !== undefined) changes.priceFen = dto.priceFen;
    if (dto.active !== undefined) changes.active = dto.active;
    if (!Object.keys(changes).length) throw validationFailed([{ field: 'name', problems: ['nothing to change'] }]);
    try {
      return feeItemView(await updateVersioned(this.items, id, dto.version, changes, 'FEE_ITEM_NOT_FOUND'));
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('FEE_ITEM_NAME_TAKEN');
      throw error;
    }
  }
}
