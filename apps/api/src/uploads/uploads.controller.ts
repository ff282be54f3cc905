import { Controller, Get, Post, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LIMITS } from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { SignedIn } from '../common/auth/route-access';
import { readOneFile } from '../common/http/multipart';
import { IdParam } from '../common/http/validation';
import type { UploadView } from './upload.view';
import { UploadsService, type UploadVariant } from './uploads.service';

/**
 * The bytes behind an id never change (a new photo is a new upload), so browsers may keep them for a
 * year; `private` because they are served only to signed-in callers allowed to see them.
 */
const PHOTO_CACHE_CONTROL = 'private, max-age=31536000, immutable';

@ApiTags('uploads')
@Controller()
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  /**
   * One photo (JPG, PNG or WebP, judged by its content, at most LIMITS.photoMaxBytes) as the `file`
   * field. Stored upright, at most 2048 px, as JPEG without EXIF/GPS, with a 320 px thumbnail. The id
   * goes into a report's or a resolution's `photoIds`. 415 UPLOAD_UNSUPPORTED_TYPE, 413
   * PAYLOAD_TOO_LARGE, 422 UPLOAD_UNREADABLE_IMAGE, 429 RATE_LIMITED (daily cap).
   */
  @SignedIn()
  @Post('uploads')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  async upload(@CurrentCaller() caller: Caller, @Req() request: FastifyRequest): Promise<UploadView> {
    // The app-wide multipart limit is sized for spreadsheet imports; photos get their own.
    const photo = await readOneFile(request, { field: 'file', maxBytes: LIMITS.photoMaxBytes, what: 'photo' });
    return this.uploads.create(caller.userId, photo);
  }

  /** Size and addresses of a photo: its owner's, or one on an object the caller may read. Otherwise 404. */
  @SignedIn()
  @Get('uploads/:id')
  get(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<UploadView> {
    return this.uploads.get(caller, id);
  }

  /** The display image (≤ 2048 px JPEG), for the same callers as the metadata. */
  @SignedIn()
  @Get('uploads/:id/file')
  @ApiProduces('image/jpeg')
  file(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    return this.stream(caller, id, 'file', reply);
  }

  /** The thumbnail (≤ 320 px JPEG), for the same callers as the metadata. */
  @SignedIn()
  @Get('uploads/:id/thumb')
  @ApiProduces('image/jpeg')
  thumb(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    return this.stream(caller, id, 'thumb', reply);
  }

  private async stream(caller: Caller, id: number, variant: UploadVariant, reply: FastifyReply): Promise<StreamableFile> {
    const { photo, mime } = await this.uploads.open(caller, id, variant);
    // Set only once authorized: a 404 must not be cached.
    reply.header('cache-control', PHOTO_CACHE_CONTROL);
    return new StreamableFile(photo.body, { type: mime, length: photo.length });
  }
}
