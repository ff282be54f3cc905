import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { BillingSettingsView } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { isUniqueViolation } from '../common/database/db-errors';
import { updateVersioned } from '../common/database/versioned-update';
import { DomainError } from '../common/errors/domain-error';
import { BillingAccess } from './billing-access';
import { BillingSettings } from './billing-settings.entity';
import type { UpdateBillingSettingsDto } from './dto/payments.dto';

const view = (compoundId: number, row: BillingSettings | null): BillingSettingsView => ({
  compoundId,
  allowPartialPayment: row?.allowPartialPayment ?? false,
  version: row?.version ?? 0,
});

/** A compound's collecting choices: read by its bill readers, set by whoever runs its money. */
@Injectable()
export class BillingSettingsService {
  constructor(
    @InjectRepository(BillingSettings) private readonly settings: Repository<BillingSettings>,
    private readonly access: BillingAccess,
  ) {}

  async get(caller: Caller, compoundId: number): Promise<BillingSettingsView> {
    await this.access.compound(caller, 'bill.read', compoundId);
    return view(compoundId, await this.settings.findOneBy({ compoundId }));
  }

  /** Version 0 creates the row (the defaults had none); two first changes at once: one gets 409. */
  async update(caller: Caller, compoundId: number, dto: UpdateBillingSettingsDto): Promise<BillingSettingsView> {
    await this.access.compound(caller, 'bill.write', compoundId);
    const row = await this.settings.findOneBy({ compoundId });
    if (!row) {
      if (dto.version !== 0) throw new DomainError('VERSION_CONFLICT', 409, { currentVersion: 0 });
      try {
        return view(compoundId, await this.settings.save({ compoundId, allowPartialPayment: dto.allowPartialPayment }));
      } catch (error) {
        if (isUniqueViolation(error)) throw new DomainError('VERSION_CONFLICT', 409, { currentVersion: 1 });
        throw error;
      }
    }
    const changed = await updateVersioned(
      this.settings,
      row.id,
      dto.version,
      { allowPartialPayment: dto.allowPartialPayment },
      'COMPOUND_NOT_FOUND',
    );
    return view(compoundId, changed);
  }

  async allowsPartial(compoundId: number): Promise<boolean> {
    return (await this.settings.findOneBy({ compoundId }))?.allowPartialPayment ?? false;
  }
}
