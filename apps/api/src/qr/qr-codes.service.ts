import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type EntityManager, type Repository } from 'typeorm';
import { normalizeQrToken, type Page, type Permission, type QrCodeView, type QrScanView } from '@doorstep/contracts';
import { CategoriesService } from '../categories/categories.service';
import { AccessService } from '../access/access.service';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../common/config/app-config';
import { updateVersioned } from '../common/database/versioned-update';
import { conflict, DomainError, notFound, unprocessable } from '../common/errors/domain-error';
import { byId, keysetPage } from '../common/pagination/keyset';
import { Building } from '../places/building.entity';
import type { CreateQrCodeDto, ListQrCodesDto, RevokeQrCodeDto } from './dto/qr.dto';
import type { PosterContent } from './poster-layout';
import { PosterRenderer } from './poster-renderer';
import { POSTER_TEXT } from './poster.text';
import { QrCode } from './qr-code.entity';
import { newQrToken, qrReportUrl } from './qr-token';
import { qrCodeView, qrPlaceLabel, qrScanView } from './qr.views';

/** The place an active QR code stands for: what a report filed through it is pinned to. */
export interface QrPlace {
  qrCodeId: number;
  compoundId: number;
  buildingId: number | null;
  spotName: string | null;
  /** Building and spot in words (3号楼 地下车库); null for a code of the whole compound. */
  placeLabel: string | null;
}

export type PosterFormat = 'png' | 'svg' | 'pdf';

@Injectable()
export class QrCodesService {
  constructor(
    @InjectRepository(QrCode) private readonly codes: Repository<QrCode>,
    @InjectRepository(Building) private readonly buildings: Repository<Building>,
    private readonly access: AccessService,
    private readonly clock: Clock,
    private readonly renderer: PosterRenderer,
    private readonly categories: CategoriesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(caller: Caller, dto: CreateQrCodeDto): Promise<QrCodeView> {
    await this.access.require(caller, 'qr.write', { type: 'compound', id: dto.compoundId });
    if (dto.buildingId !== undefined) {
      await this.access.require(caller, 'qr.write', { type: 'building', id: dto.buildingId });
      const building = await this.buildings.findOneByOrFail({ id: dto.buildingId });
      if (building.compoundId !== dto.compoundId) {
        throw unprocessable('QR_CODE_PLACE_MISMATCH', [
          { field: 'buildingId', problems: ['the building belongs to another compound'] },
        ]);
      }
    }
    const saved = await this.codes.save(
      this.codes.create({
        token: newQrToken(),
        compoundId: dto.compoundId,
        buildingId: dto.buildingId ?? null,
        spotName: dto.spotName ?? null,
        createdBy: caller.userId,
        revokedAt: null,
      }),
    );
    return qrCodeView(await this.load(saved.id), this.config.PUBLIC_BASE_URL);
  }

  async list(caller: Caller, query: ListQrCodesDto): Promise<Page<QrCodeView>> {
    await this.access.require(caller, 'qr.read', { type: 'compound', id: query.compoundId });
    const qb = this.joined().where('q.compound_id = :compoundId', { compoundId: query.compoundId });
    if (query.active !== undefined) qb.andWhere(query.active ? 'q.revoked_at IS NULL' : 'q.revoked_at IS NOT NULL');
    const page = await keysetPage(qb, query, byId('q'));
    return { items: page.items.map((q) => qrCodeView(q, this.config.PUBLIC_BASE_URL)), nextCursor: page.nextCursor };
  }

  /** Posters already printed stop working at once; the row stays for the tickets filed through it. */
  async revoke(caller: Caller, id: number, dto: RevokeQrCodeDto): Promise<QrCodeView> {
    const code = await this.requireCode(caller, 'qr.write', id);
    if (code.revokedAt) throw conflict('QR_CODE_REVOKED', { revokedAt: code.revokedAt.toISOString() });
    await updateVersioned(this.codes, id, dto.version, { revokedAt: this.clock.now() }, 'QR_CODE_NOT_FOUND');
    return qrCodeView(await this.load(id), this.config.PUBLIC_BASE_URL);
  }

  /** A scanned token → the place, for anyone (no sign-in). Unknown and revoked tokens look alike. */
  async resolve(token: string): Promise<QrScanView> {
    const normalized = normalizeQrToken(token);
    const code = normalized
      ? await this.joined().where('q.token = :token AND q.revoked_at IS NULL', { token: normalized }).getOne()
      : null;
    if (!code) throw notFound('QR_CODE_NOT_FOUND');
    return qrScanView(code, await this.categories.forCompound(code.compoundId));
  }

  /**
   * For code that files a report from a scan: the active code's place, or 404 QR_CODE_NOT_FOUND. Pass
   * the transaction's manager to read inside it.
   */
  async resolveActive(token: string, manager: EntityManager = this.codes.manager): Promise<QrPlace> {
    const normalized = normalizeQrToken(token);
    const code = normalized
      ? await manager.findOne(QrCode, { where: { token: normalized, revokedAt: IsNull() }, relations: { building: true } })
      : null;
    if (!code) throw notFound('QR_CODE_NOT_FOUND');
    return {
      qrCodeId: code.id,
      compoundId: code.compoundId,
      buildingId: code.buildingId,
      spotName: code.spotName,
      placeLabel: qrPlaceLabel(code.building?.name, code.spotName),
    };
  }

  async poster(caller: Caller, id: number, format: PosterFormat): Promise<Buffer | string> {
    await this.requireCode(caller, 'qr.read', id);
    const code = await this.load(id, true);
    if (code.revokedAt) throw conflict('QR_CODE_REVOKED', { revokedAt: code.revokedAt.toISOString() });
    const content = this.posterContent(code);
    if (format === 'svg') return this.renderer.svg(content);
    if (format === 'png') return this.renderer.png(content);
    return this.renderer.pdf([content], posterTitle(code));
  }

  /** Every code of the compound in use, one A4 page each, in the order they were made. */
  async compoundPosters(caller: Caller, compoundId: number): Promise<Buffer> {
    await this.access.require(caller, 'qr.read', { type: 'compound', id: compoundId });
    const codes = await this.joined(true)
      .where('q.compound_id = :compoundId AND q.revoked_at IS NULL', { compoundId })
      .orderBy('q.id', 'ASC')
      .getMany();
    if (!codes.length) throw notFound('QR_CODE_NONE_ACTIVE');
    return this.renderer.pdf(
      codes.map((code) => this.posterContent(code)),
      `${codes[0].compound!.name} · ${POSTER_TEXT.headline}`,
    );
  }

  /**
   * Codes are checked on their compound: outside the caller's scopes they do not exist (404
   * QR_CODE_NOT_FOUND, never the compound's code), inside without the permission it is 403.
   */
  private async requireCode(caller: Caller, permission: Permission, id: number): Promise<QrCode> {
    const code = await this.codes.findOneBy({ id });
    if (!code) throw notFound('QR_CODE_NOT_FOUND');
    try {
      await this.access.require(caller, permission, { type: 'compound', id: code.compoundId });
    } catch (error) {
      if (error instanceof DomainError && error.statusCode === 404) throw notFound('QR_CODE_NOT_FOUND');
      throw error;
    }
    return code;
  }

  private posterContent(code: QrCode): PosterContent {
    const compound = code.compound!;
    return {
      compoundName: compound.name,
      placeLabel: qrPlaceLabel(code.building?.name, code.spotName),
      handlerLine: POSTER_TEXT.handler(
        compound.managementMode,
        compound.company?.name ?? null,
        compound.company?.contactPhone ?? null,
        compound.community?.name ?? '',
      ),
      token: code.token,
      url: qrReportUrl(this.config.PUBLIC_BASE_URL, code.token),
    };
  }

  /** With the compound and building; for posters also who manages the compound. */
  private joined(forPoster = false) {
    const qb = this.codes
      .createQueryBuilder('q')
      .innerJoinAndSelect('q.compound', 'compound')
      .leftJoinAndSelect('q.building', 'building');
    if (forPoster) {
      qb.innerJoinAndSelect('compound.community', 'community').leftJoinAndSelect('compound.company', 'company');
    }
    return qb;
  }

  private async load(id: number, forPoster = false): Promise<QrCode> {
    const code = await this.joined(forPoster).where('q.id = :id', { id }).getOne();
    if (!code) throw notFound('QR_CODE_NOT_FOUND');
    return code;
  }
}

function posterTitle(code: QrCode): string {
  return [code.compound!.name, qrPlaceLabel(code.building?.name, code.spotName), POSTER_TEXT.headline]
    .filter(Boolean)
    .join(' · ');
}
