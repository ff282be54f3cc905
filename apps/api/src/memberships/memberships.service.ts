import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository, SelectQueryBuilder } from 'typeorm';
import { maskPhone, type MembershipView, type Page } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import { holdsAnywhere, scopesWith } from '../access/policy';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { isUniqueViolation } from '../common/database/db-errors';
import { applyScopeFilter } from '../common/database/scope-filter';
import { updateVersioned } from '../common/database/versioned-update';
import { conflict, DomainError, notFound } from '../common/errors/domain-error';
import { validationFailed } from '../common/http/validation';
import { byId, keysetPage } from '../common/pagination/keyset';
import { iso, isoOrNull } from '../common/time';
import { Household } from '../households/household.entity';
import { NotificationsService, type NewNotification } from '../notifications/notifications.service';
import { User } from '../users/user.entity';
import type { ClaimHouseholdDto, ListMembershipsQuery, ReviewMembershipDto } from './dto/memberships.dto';
import { Membership } from './membership.entity';

/** `3号楼 2单元 301`, as the resident's 我的房屋 and the reviewer's queue show it. Expects `building` loaded. */
const householdLabel = (h: Household) => `${h.building!.name} ${h.unit}单元 ${h.room}`;

/** The resident's message about the decision; it opens their 我的房屋. */
function reviewNotice(userId: number, outcome: Pick<Membership, 'status' | 'rejectReason'>, label: string): NewNotification {
  const verified = outcome.status === 'verified';
  return {
    userId,
    ticketId: null,
    kind: 'membership_review',
    title: `房屋认证${verified ? '已通过' : '未通过'}：${label}`,
    body: verified ? `您的房屋认证已通过：${label}` : `您的房屋认证未通过：${outcome.rejectReason ?? ''}`,
    page: '/packages/resident/households',
  };
}

/**
 * Residents claim households; a manager or the community verifies the claim, never their own. A claimant
 * whose phone matches the phone imported for the household is verified at once: the compound's own list vouches.
 */
@Injectable()
export class MembershipsService {
  constructor(
    @InjectRepository(Membership) private readonly memberships: Repository<Membership>,
    @InjectRepository(Household) private readonly households: Repository<Household>,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
  ) {}

  /** Claiming twice returns the first claim (a retried request creates nothing); a rejected claim may be made again. */
  async claim(caller: Caller, dto: ClaimHouseholdDto): Promise<{ created: boolean; view: MembershipView }> {
    const household = await this.households.findOneBy({ id: dto.householdId });
    if (!household) throw notFound('HOUSEHOLD_NOT_FOUND');
    const user = await this.users.findOneByOrFail({ id: caller.userId });
    const vouched = !!household.ownerPhone && household.ownerPhone === user.phone;
    const existing = await this.memberships.findOneBy({ householdId: household.id, userId: caller.userId });
    if (existing && existing.status !== 'rejected') return { created: false, view: await this.view(caller, existing.id) };
    const fields = {
      relation: dto.relation,
      status: vouched ? ('verified' as const) : ('pending' as const),
      rejectReason: null,
      reviewedBy: null,
      reviewedAt: vouched ? this.clock.now() : null,
    };
    if (existing) {
      await updateVersioned(this.memberships, existing.id, existing.version, fields, 'MEMBERSHIP_NOT_FOUND');
      return { created: false, view: await this.view(caller, existing.id) };
    }
    try {
      const saved = await this.memberships.save(
        this.memberships.create({
          householdId: household.id,
          userId: caller.userId,
          compoundId: household.compoundId,
          ...fields,
        }),
      );
      return { created: true, view: await this.view(caller, saved.id) };
    } catch (error) {
      // The same claim sent twice at once: the other request created it; answer with that one.
      if (!isUniqueViolation(error)) throw error;
      const first = await this.memberships.findOneByOrFail({ householdId: household.id, userId: caller.userId });
      return { created: false, view: await this.view(caller, first.id) };
    }
  }

  async mine(caller: Caller): Promise<MembershipView[]> {
    const rows = await this.joined().where('m.user_id = :me', { me: caller.userId }).orderBy('m.id', 'ASC').getMany();
    return rows.map((m) => this.toView(m, true, false));
  }

  /** The review queue of a compound. */
  async list(caller: Caller, query: ListMembershipsQuery): Promise<Page<MembershipView>> {
    await this.access.require(caller, 'membership.review', { type: 'compound', id: query.compoundId });
    const qb = this.joined().where('m.compound_id = :c', { c: query.compoundId });
    if (query.status) qb.andWhere('m.status = :s', { s: query.status });
    const page = await keysetPage(qb, query, byId('m'));
    return { items: page.items.map((m) => this.toView(m, true, true)), nextCursor: page.nextCursor };
  }

  /**
   * For the badge poll (认证 待审核): counts the pending claims in every compound where the caller may
   * review them (column `claims_count`), as `list` and `review` decide it (membership.review on the
   * claimed household's scopes), leaving out the caller's own claims, which another reviewer decides.
   * Null when the caller reviews no claims anywhere. Walks idx_household_members_review per compound.
   */
  pendingClaimsCountQuery(caller: Caller): SelectQueryBuilder<Membership> | null {
    if (!holdsAnywhere(caller.assignments, 'membership.review')) return null;
    const qb = this.memberships
      .createQueryBuilder('m')
      .select('COUNT(*)', 'claims_count')
      .where("m.status = 'pending' AND m.user_id <> :me", { me: caller.userId });
    return applyScopeFilter(qb, scopesWith(caller.assignments, 'membership.review'), {
      compound: 'm.compound_id',
      company: (p) => `m.compound_id IN (SELECT ck.id FROM compounds ck WHERE ck.company_id IN (:...${p}))`,
      community: (p) => `m.compound_id IN (SELECT ck.id FROM compounds ck WHERE ck.community_id IN (:...${p}))`,
      street: (p) =>
        `m.compound_id IN (SELECT ck.id FROM compounds ck JOIN communities cc ON cc.id = ck.community_id WHERE cc.street_id IN (:...${p}))`,
      grid: (p) =>
        `m.household_id IN (SELECT gh.id FROM households gh JOIN buildings gb ON gb.id = gh.building_id WHERE gb.grid_id IN (:...${p}))`,
    });
  }

  async verify(caller: Caller, id: number, dto: ReviewMembershipDto): Promise<MembershipView> {
    return this.review(caller, id, dto, { status: 'verified', rejectReason: null });
  }

  async reject(caller: Caller, id: number, dto: ReviewMembershipDto): Promise<MembershipView> {
    if (!dto.reason) throw validationFailed([{ field: 'reason', problems: ['a reason is required to reject'] }]);
    return this.review(caller, id, dto, { status: 'rejected', rejectReason: dto.reason });
  }

  private async review(
    caller: Caller,
    id: number,
    dto: ReviewMembershipDto,
    outcome: Pick<Membership, 'status' | 'rejectReason'>,
  ): Promise<MembershipView> {
    // With the household and its building: the resident's message names the home.
    const membership = await this.joined().where('m.id = :id', { id }).getOne();
    if (!membership) throw notFound('MEMBERSHIP_NOT_FOUND');
    try {
      await this.access.require(caller, 'membership.review', { type: 'household', id: membership.householdId });
    } catch (error) {
      throw (error as { statusCode?: number }).statusCode === 404 ? notFound('MEMBERSHIP_NOT_FOUND') : error;
    }
    // A reviewer's own claim goes to another reviewer: nobody vouches for themselves.
    if (membership.userId === caller.userId) throw new DomainError('MEMBERSHIP_SELF_REVIEW', 403);
    if (membership.status !== 'pending') throw conflict('MEMBERSHIP_NOT_PENDING', { status: membership.status });
    const label = householdLabel(membership.household!);
    // The resident hears of the decision exactly when it commits: a stale version (409) notifies nobody.
    await this.db.transaction(async (tx) => {
      await updateVersioned(
        tx.getRepository(Membership),
        id,
        dto.version,
        { ...outcome, reviewedBy: caller.userId, reviewedAt: this.clock.now() },
        'MEMBERSHIP_NOT_FOUND',
      );
      await this.notifications.enqueue(tx, [reviewNotice(membership.userId, outcome, label)]);
    });
    return this.view(caller, id);
  }

  private joined() {
    return this.memberships
      .createQueryBuilder('m')
      .innerJoinAndSelect('m.user', 'u')
      .innerJoinAndSelect('m.household', 'h')
      .innerJoinAndSelect('h.building', 'b')
      .innerJoinAndSelect('h.compound', 'k');
  }

  private async view(caller: Caller, id: number): Promise<MembershipView> {
    const m = await this.joined().where('m.id = :id', { id }).getOneOrFail();
    const reviewer = await this.access.can(caller, 'household.contact', { type: 'household', id: m.householdId });
    return this.toView(m, m.userId === caller.userId || reviewer, reviewer);
  }

  /**
   * `reviewer`: the caller reviews claims here and sees whether the claimant's phone is the owner phone
   * on file (a claim with the owner's own phone is verified at once, so the queue shows the others).
   */
  private toView(m: Membership, fullPhone: boolean, reviewer: boolean): MembershipView {
    const h = m.household!;
    const ownerPhoneMatch = reviewer && h.ownerPhone ? h.ownerPhone === m.user!.phone : null;
    return {
      id: m.id,
      householdId: m.householdId,
      userId: m.userId,
      userName: m.user!.name,
      userPhone: fullPhone ? m.user!.phone : maskPhone(m.user!.phone),
      relation: m.relation,
      status: m.status,
      rejectReason: m.rejectReason,
      householdLabel: householdLabel(h),
      compoundId: m.compoundId,
      compoundName: h.compound!.name,
      ownerPhoneMatch,
      version: m.version,
      createdAt: iso(m.createdAt),
      reviewedAt: isoOrNull(m.reviewedAt),
    };
  }
}
