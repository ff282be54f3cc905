import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager, type Repository } from 'typeorm';
import { LIMITS } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { Clock } from '../common/clock';
import { DomainError, notFound, unprocessable } from '../common/errors/domain-error';
import { processPhoto } from './image-processing';
import { sniffImageType } from './image-type';
import { PhotoStorage, type StoredPhoto } from './photo-storage';
import { startOfShanghaiDay } from '../common/shanghai-time';
import { Upload } from './upload.entity';
import { UploadReaders, type AttachmentKind } from './upload-readers';
import { uploadView, type UploadView } from './upload.view';

export type UploadVariant = 'file' | 'thumb';

type NotAttachableReason = 'not_yours' | 'already_attached' | 'too_many';

const notAttachable = (reason: NotAttachableReason, uploadIds: number[], message: string) =>
  unprocessable('UPLOAD_NOT_ATTACHABLE', { reason, uploadIds }, message);

@Injectable()
export class UploadsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Upload) private readonly uploads: Repository<Upload>,
    private readonly storage: PhotoStorage,
    private readonly readers: UploadReaders,
    private readonly clock: Clock,
  ) {}

  /**
   * Stores one photo for `ownerId`: checks the real format by its bytes, re-encodes it without metadata
   * (see processPhoto), and keeps only the display image and the thumbnail — never the original.
   */
  async create(ownerId: number, input: Buffer): Promise<UploadView> {
    const type = sniffImageType(input);
    if (!type) throw new DomainError('UPLOAD_UNSUPPORTED_TYPE', 415);
    await this.checkDailyCap(ownerId);
    const photo = await processPhoto(input, type);
    // 128 random bits: knowing one key tells nothing about another. The two-character directory keeps
    // local directories small.
    const name = randomBytes(16).toString('hex');
    const key = `${name.slice(0, 2)}/${name}.jpg`;
    const thumbKey = `${name.slice(0, 2)}/${name}-thumb.jpg`;
    try {
      await this.storage.put(key, photo.display.data, photo.display.mime);
      await this.storage.put(thumbKey, photo.thumb.data, photo.thumb.mime);
      const saved = await this.uploads.save(
        this.uploads.create({
          key,
          thumbKey,
          mime: photo.display.mime,
          bytes: photo.display.data.length,
          width: photo.display.width,
          height: photo.display.height,
          ownerId,
          attachedTo: null,
          attachedId: null,
          // From the injectable clock (the day cap counts by it), not the database server's.
          createdAt: this.clock.now(),
        }),
      );
      return uploadView(saved);
    } catch (error) {
      // No row, no reachable photo: remove what was written rather than leave unreferenced objects.
      await Promise.allSettled([this.storage.delete(key), this.storage.delete(thumbKey)]);
      throw error;
    }
  }

  async get(caller: Caller, id: number): Promise<UploadView> {
    return uploadView(await this.readable(caller, id));
  }

  /** The stored bytes of the display image or the thumbnail, for a caller who may read the upload. */
  async open(caller: Caller, id: number, variant: UploadVariant): Promise<{ photo: StoredPhoto; mime: string }> {
    const upload = await this.readable(caller, id);
    const photo = await this.storage.get(variant === 'thumb' ? upload.thumbKey : upload.key);
    if (!photo) throw notFound('UPLOAD_NOT_FOUND');
    return { photo, mime: upload.mime };
  }

  /**
   * Attaches the caller's fresh uploads to an object, e.g. the photos of a new report:
   * `attach(caller.userId, dto.photoIds, 'ticket', ticket.id, tx)` inside the transaction that creates
   * the ticket, so a refused photo rolls the ticket back too. Each upload must belong to `ownerId` and
   * be unattached, and the object may hold at most LIMITS.photosPerTicketMax per kind; otherwise 422
   * UPLOAD_NOT_ATTACHABLE with details { reason: 'not_yours' | 'already_attached' | 'too_many',
   * uploadIds }. Unknown ids count as not_yours (whether an id exists is not disclosed). Repeated ids
   * count once. The final update is conditional (`attached_to IS NULL`), so two requests racing to
   * use the same photo cannot both win.
   */
  async attach(
    ownerId: number,
    uploadIds: readonly number[],
    to: AttachmentKind,
    attachedId: number,
    tx?: EntityManager,
  ): Promise<void> {
    const ids = [...new Set(uploadIds)];
    if (!ids.length) return;
    if (!this.readers.has(to)) {
      // Attached photos would be readable by their owner alone: a wiring bug, not a user error.
      throw new Error(`no upload read check registered for '${to}'`);
    }
    const run = async (m: EntityManager): Promise<void> => {
      const max = LIMITS.photosPerTicketMax;
      const already = await m.count(Upload, { where: { attachedTo: to, attachedId } });
      if (already + ids.length > max) throw notAttachable('too_many', ids, `最多只能添加 ${max} 张图片`);
      const rows = await m.find(Upload, { select: { id: true, ownerId: true, attachedTo: true }, where: { id: In(ids) } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      const notYours = ids.filter((id) => byId.get(id)?.ownerId !== ownerId);
      if (notYours.length) throw notAttachable('not_yours', notYours, '图片不存在或不是您上传的，请重新选择');
      const used = ids.filter((id) => byId.get(id)!.attachedTo !== null);
      if (used.length) throw notAttachable('already_attached', used, '图片已被使用过，请重新上传');
      const result = await m
        .createQueryBuilder()
        .update(Upload)
        .set({ attachedTo: to, attachedId })
        .where('id IN (:...ids)', { ids })
        .andWhere('owner_id = :ownerId', { ownerId })
        .andWhere('attached_to IS NULL')
        .execute();
      // Another request attached one of them between the read above and this write.
      if (result.affected !== ids.length) throw notAttachable('already_attached', ids, '图片已被使用过，请重新上传');
    };
    // Without the caller's transaction, our own: a refused photo must not leave the others attached.
    await (tx ? run(tx) : this.db.transaction(run));
  }

  /** Photos attached to each of `attachedIds`, oldest first, e.g. for a page of tickets. */
  async listAttached(to: AttachmentKind, attachedIds: readonly number[], tx?: EntityManager): Promise<Map<number, UploadView[]>> {
    const out = new Map<number, UploadView[]>();
    const ids = [...new Set(attachedIds)];
    if (!ids.length) return out;
    const rows = await (tx ?? this.db.manager).find(Upload, {
      where: { attachedTo: to, attachedId: In(ids) },
      order: { id: 'ASC' },
    });
    for (const row of rows) {
      const list = out.get(row.attachedId!) ?? [];
      list.push(uploadView(row));
      out.set(row.attachedId!, list);
    }
    return out;
  }

  /** What one object holds under several kinds (a ticket's report and resolve photos), in one statement. */
  async listAttachedAs<K extends AttachmentKind>(kinds: readonly K[], attachedId: number): Promise<Map<K, UploadView[]>> {
    const out = new Map<K, UploadView[]>();
    const rows = await this.db.manager.find(Upload, {
      where: { attachedTo: In([...kinds]), attachedId },
      order: { id: 'ASC' },
    });
    for (const row of rows) {
      const kind = row.attachedTo as K;
      out.set(kind, [...(out.get(kind) ?? []), uploadView(row)]);
    }
    return out;
  }

  /** The upload, or 404 for a missing one and for one the caller may not read alike. */
  private async readable(caller: Caller, id: number): Promise<Upload> {
    const upload = await this.uploads.findOneBy({ id });
    if (!upload || !(await this.readers.mayRead(caller, upload))) throw notFound('UPLOAD_NOT_FOUND');
    return upload;
  }

  /**
   * LIMITS.uploadsPerUserDay per Asia/Shanghai day, counted from the table (API instances share no
   * memory). Reads one row through idx_uploads_owner: the cap-th newest upload of this person; if it
   * is from today, today's count has reached the cap. Two uploads racing at the very edge may both pass,
   * which a soft cap tolerates.
   */
  private async checkDailyCap(ownerId: number): Promise<void> {
    const cap = LIMITS.uploadsPerUserDay;
    const [nth] = await this.uploads.find({
      select: { id: true, createdAt: true },
      where: { ownerId },
      order: { id: 'DESC' },
      skip: cap - 1,
      take: 1,
    });
    if (nth && nth.createdAt >= startOfShanghaiDay(this.clock.now())) {
      throw new DomainError('RATE_LIMITED', 429, { limit: cap }, `今天已上传 ${cap} 张图片，达到每日上限，请明天再试`);
    }
  }
}
