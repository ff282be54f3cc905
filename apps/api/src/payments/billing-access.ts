import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ErrorCode, Permission } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import { allows, reaches, scopeKey, type ScopeKey } from '../access/policy';
import type { Caller } from '../common/auth/caller';
import { forbidden, notFound } from '../common/errors/domain-error';

export interface BillingCompound {
  id: number;
  companyId: number | null;
  communityId: number;
  managementMode: string;
}

/**
 * Who runs a compound's money (fee items, billing runs, waive, cancel): its company's managers — on the
 * company or on this compound — when a company runs it, otherwise the community whose shared property
 * society or residents run it. Not the street and not the platform (they read), not a community
 * supervising a company's compound: whoever writes the bills is whoever collects them.
 */
export function billingChain(c: BillingCompound): ScopeKey[] {
  return c.managementMode === 'company' && c.companyId !== null
    ? [scopeKey('compound', c.id), scopeKey('company', c.companyId)]
    : [scopeKey('compound', c.id), scopeKey('community', c.communityId)];
}

/** Object-level checks for the payments domain, on top of AccessService's chain of scopes. */
@Injectable()
export class BillingAccess {
  constructor(
    private readonly access: AccessService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /**
   * The compound, when the caller may do `permission` on it: `bill.read` anywhere in its chain (the
   * compound, its company, community, street, the platform); `fee.write`, `bill.write` and
   * `payment.collect` only on billingChain. 404 (`missing`) when the caller cannot see it at all, 403 when they can but may not.
   */
  async compound(
    caller: Caller,
    permission: Permission,
    compoundId: number,
    missing: ErrorCode = 'COMPOUND_NOT_FOUND',
  ): Promise<BillingCompound> {
    const [row]: Array<Record<string, unknown>> = await this.db.query(
      'SELECT id, company_id, community_id, management_mode FROM compounds WHERE id = ?',
      [compoundId],
    );
    const chain = row ? await this.access.chain({ type: 'compound', id: compoundId }) : null;
    if (!row || !chain) throw notFound(missing);
    const compound: BillingCompound = {
      id: Number(row.id),
      companyId: row.company_id === null ? null : Number(row.company_id),
      communityId: Number(row.community_id),
      managementMode: String(row.management_mode),
    };
    const needed = permission === 'bill.read' ? chain : billingChain(compound);
    if (allows(caller.assignments, permission, needed)) return compound;
    if (reaches(caller.assignments, chain)) throw forbidden({ permission });
    throw notFound(missing);
  }

  /** Households the caller is a verified member of. */
  async ownHouseholds(caller: Caller): Promise<number[]> {
    const rows: Array<{ household_id: number | string }> = await this.db.query(
      "SELECT household_id FROM household_members WHERE user_id = ? AND status = 'verified'",
      [caller.userId],
    );
    return rows.map((r) => Number(r.household_id));
  }
}
