import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MoreThanOrEqual, type DataSource, type EntityManager } from 'typeorm';
import type { TicketSource, TicketView } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../common/config/app-config';
import { CompiledSelect, FindById } from '../common/database/compiled-select';
import { lockRow } from '../common/database/locks';
import { DomainError, forbidden, notFound, unprocessable } from '../common/errors/domain-error';
import { IdempotencyService } from '../common/idempotency/idempotency.service';
import { startOfShanghaiDay } from '../common/shanghai-time';
import { CategoriesService } from '../categories/categories.service';
import type { Category } from '../categories/category.entity';
import { Membership } from '../memberships/membership.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { Community } from '../places/community.entity';
import { Compound } from '../places/compound.entity';
import { QrCodesService } from '../qr/qr-codes.service';
import { UploadsService } from '../uploads/uploads.service';
import { User } from '../users/user.entity';
import type { CreateTicketDto } from './dto/tickets.dto';
import { recordEvent } from './record-event';
import { resolvePlace, resolveReporter, type ReportPlace } from './report-place';
import { computeDeadlines } from './sla';
import { displayRole } from './ticket-actors';
import { TicketLoader } from './ticket-loader.service';
import { buildingOnly } from './ticket.view';
import { statusColumns } from './ticket-rules';
import { Ticket } from './ticket.entity';

/**
 * 上报: a resident's report (from the app or a scanned code), or a report staff and grid workers file
 * for someone. Checks the place, the category and who may file it, counts the daily caps, and writes
 * the ticket, its first event and the handlers' notifications in one transaction.
 */
@Injectable()
export class IntakeService {
  constructor(
    private readonly loader: TicketLoader,
    private readonly access: AccessService,
    private readonly idempotency: IdempotencyService,
    private readonly notifications: NotificationsService,
    private readonly uploads: UploadsService,
    private readonly qrCodes: QrCodesService,
    private readonly categories: CategoriesService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() db: DataSource,
  ) {
    this.compounds = new FindById(db, Compound, [{ property: 'community', target: Community }]);
    this.users = new FindById(db, User);
    this.reportsSince = new CompiledSelect<'one'>(
      (_, [userId, since]) =>
        db
          .getRepository(Ticket)
          .createQueryBuilder('t')
          .select('COUNT(*)', 'reports')
          .where('t.reporter_id = :userId AND t.created_at >= :since', { userId, since }),
      () => ['reports'],
    );
  }

  // Looked up on every report: SQL built once (FindById).
  private readonly compounds: FindById<Compound>;
  private readonly users: FindById<User>;
  /** A person's reports since a time (the daily cap), along idx_tickets_reporter. */
  private readonly reportsSince: CompiledSelect<'one'>;

  async report(
    caller: Caller,
    dto: CreateTicketDto,
    idempotencyKey: string | undefined,
  ): Promise<{ view: TicketView; replayed: boolean }> {
    const { resourceId, replayed } = await this.idempotency.run(
      caller.userId,
      'ticket.create',
      idempotencyKey,
      dto,
      (tx) => this.insert(tx, caller, dto),
      // First statement of the transaction: one report per person at a time, and (on MySQL's
      // repeatable read) the replay lookup and the daily-cap count after it see every report
      // committed before this one took the lock.
      { serialize: (tx) => lockRow(tx, 'users', caller.userId) },
    );
    // A report just filed has only the photos it was sent with; a replay may be of a ticket resolved since, with after-photos.
    const withoutPhotos = !replayed && !dto.photoIds?.length;
    return { view: await this.loader.view(caller, resourceId, { withoutPhotos }), replayed };
  }

  /**
   * A ticket filed inside the caller's transaction (a 诉求 heard on a visit, stored with the visit or
   * not at all); the visit's client id, not an Idempotency-Key, makes its resend harmless.
   */
  fileIn(tx: EntityManager, caller: Caller, dto: CreateTicketDto): Promise<number> {
    return this.insert(tx, caller, dto);
  }

  private async insert(tx: EntityManager, caller: Caller, dto: CreateTicketDto): Promise<number> {
    // The caller holds the reporter's lock (report): the caps below count every committed report.
    const compound = await this.compounds.find(tx, dto.compoundId);
    if (!compound) throw notFound('COMPOUND_NOT_FOUND');
    // As this compound has it: its own deadlines for a default, and a default it switched off refused.
    const found = await this.categories.offeredIn(tx, compound.id, dto.categoryId);
    if (!found) throw notFound('CATEGORY_NOT_FOUND');
    const { category } = found;
    if (!found.offered) {
      throw unprocessable('CATEGORY_NOT_AVAILABLE', [{ field: 'categoryId', problems: ['not offered in this compound'] }]);
    }
    const qr = dto.qrToken ? await this.qrCodes.resolveActive(dto.qrToken, tx) : null;
    if (qr && qr.compoundId !== compound.id) {
      throw unprocessable('TICKET_PLACE_MISMATCH', [{ field: 'qrToken', problems: ['the code belongs to another compound'] }]);
    }
    const place = await resolvePlace(
      tx,
      compound.id,
      { ...dto, buildingId: dto.buildingId ?? qr?.buildingId ?? undefined },
      qr?.placeLabel ?? undefined,
    );
    const { source, onBehalf } = await this.checkFiling(tx, caller, dto, compound);
    const reporter = await resolveReporter(tx, caller, dto, source, compound, this.users);
    const now = this.clock.now();
    // Staff filing for callers are not capped: the permission to file is the limit.
    if (!onBehalf) await this.checkCaps(tx, caller.userId, qr?.qrCodeId ?? null, now);

    const isComplaint = category.kind === 'complaint';
    if (!isComplaint && (dto.complaintTarget || dto.anonymous)) {
      throw unprocessable('VALIDATION_FAILED', [
        { field: 'complaintTarget', problems: ['only complaints have a target or anonymity'] },
      ]);
    }
    const handler =
      compound.managementMode === 'company' && compound.companyId !== null
        ? { handlerType: 'company' as const, handlerCompanyId: compound.companyId }
        : { handlerType: 'community' as const, handlerCompanyId: null };
    const deadlines = computeDeadlines(now, category);
    const complaintTarget = isComplaint ? (dto.complaintTarget ?? 'company') : null;
    const values = {
      compoundId: compound.id,
      communityId: compound.communityId,
      streetId: compound.community!.streetId,
      buildingId: place.buildingId,
      householdId: place.householdId,
      qrCodeId: qr?.qrCodeId ?? null,
      placeLabel: place.label,
      categoryId: category.id,
      kind: category.kind,
      source,
      priority: category.priority,
      ...statusColumns('submitted'),
      description: dto.description.trim(),
      reporterId: reporter.id,
      reporterName: reporter.name,
      reporterPhone: reporter.phone,
      createdById: caller.userId,
      complaintTarget,
      anonymous: isComplaint && !!dto.anonymous,
      ...handler,
      assigneeId: null,
      ...deadlines,
      dueAt: deadlines.acceptDeadline,
      timerAt: deadlines.acceptDeadline,
      // A complaint about the company itself is the community's business from the start.
      supervised: complaintTarget === 'company',
      preferredVisitAt: dto.preferredVisitAt ? new Date(dto.preferredVisitAt) : null,
      createdAt: now,
      updatedAt: now,
    };
    // insert, not save: a new row needs none of save's change tracking and cascades.
    const { identifiers } = await tx.insert(Ticket, values);
    const saved = tx.create(Ticket, { ...values, id: identifiers[0].id as number, version: 1 });
    if (dto.photoIds?.length) await this.uploads.attach(caller.userId, dto.photoIds, 'ticket', saved.id, tx);
    await recordEvent(tx, saved, {
      actor: caller,
      role: onBehalf ? displayRole(caller) : 'reporter',
      action: 'create',
      to: 'submitted',
      at: now,
    });
    await this.announce(tx, saved, compound, category, place);
    return saved.id;
  }

  /** The handlers hear of every new ticket; the community too when it supervises from the start. */
  private async announce(tx: EntityManager, saved: Ticket, compound: Compound, category: Category, place: ReportPlace) {
    const handlers = await this.loader.handlerUserIds(tx, saved);
    const supervisors = saved.supervised ? await this.loader.supervisorUserIds(tx, saved, 1) : [];
    await this.notifications.enqueue(
      tx,
      [...handlers, ...supervisors].map((userId) => ({
        userId,
        ticketId: saved.id,
        kind: 'ticket_new' as const,
        title: `新${category.kind === 'complaint' ? '投诉' : '工单'}：${category.name}`,
        body: `${compound.name} ${saved.anonymous ? buildingOnly(place.label) : place.label}：${saved.description}`,
        page: `/packages/staff/ticket?id=${saved.id}`,
      })),
    );
  }

  /**
   * Filing for someone else (phone, grid visit, 代办) needs ticket.file on that very place: the household
   * (grid workers reach it through their grid, 楼长 through their building) or the compound. Reporting "at my home" needs a
   * verified membership of that home.
   */
  private async checkFiling(tx: EntityManager, caller: Caller, dto: CreateTicketDto, compound: Compound) {
    const source: TicketSource = dto.source ?? (dto.qrToken ? 'qr_scan' : 'miniapp');
    if (source === 'external') throw forbidden({ source });
    const onBehalf = source === 'phone' || source === 'grid_visit' || source === 'proxy' || !!dto.onBehalfOf;
    if (source === 'proxy' && !dto.householdId) {
      throw unprocessable('VALIDATION_FAILED', [{ field: 'householdId', problems: ['代办 is for one household'] }]);
    }
    if (onBehalf) {
      if (!dto.onBehalfOf && !dto.householdId) {
        throw unprocessable('VALIDATION_FAILED', [
          { field: 'onBehalfOf', problems: ['say whom the report is for (onBehalfOf or householdId)'] },
        ]);
      }
      const place = dto.householdId
        ? ({ type: 'household', id: dto.householdId } as const)
        : ({ type: 'compound', id: compound.id } as const);
      if (!(await this.access.can(caller, 'ticket.file', place))) throw forbidden({ permission: 'ticket.file' });
    } else if (dto.householdId) {
      const member = await tx
        .getRepository(Membership)
        .existsBy({ householdId: dto.householdId, userId: caller.userId, status: 'verified' });
      if (!member)
        throw unprocessable('TICKET_PLACE_MISMATCH', [{ field: 'householdId', problems: ['only your own verified household'] }]);
    }
    return { source, onBehalf };
  }

  /** Daily caps, counted in the database so every instance agrees. */
  private async checkCaps(tx: EntityManager, userId: number, qrCodeId: number | null, now: Date): Promise<void> {
    const since = startOfShanghaiDay(now);
    const repo = tx.getRepository(Ticket);
    const [today] = await this.reportsSince.run(tx, 'one', [userId, since], [-1, new Date(0)]);
    if (Number(today.reports) >= this.config.TICKET_DAILY_CAP) {
      throw new DomainError('TICKET_DAILY_CAP', 429, { limit: this.config.TICKET_DAILY_CAP });
    }
    if (qrCodeId !== null) {
      const fromCode = await repo.count({ where: { reporterId: userId, qrCodeId, createdAt: MoreThanOrEqual(since) } });
      if (fromCode >= this.config.TICKET_QR_DAILY_CAP) {
        throw new DomainError('TICKET_QR_DAILY_CAP', 429, { limit: this.config.TICKET_QR_DAILY_CAP });
      }
    }
  }
}
