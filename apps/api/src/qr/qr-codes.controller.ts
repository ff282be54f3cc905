import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Page, QrCodeView, QrScanView } from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { Public, Requires } from '../common/auth/route-access';
import { IdParam } from '../common/http/validation';
import { CreateQrCodeDto, ListQrCodesDto, RevokeQrCodeDto } from './dto/qr.dto';
import { QrCodesService, type PosterFormat } from './qr-codes.service';

const CONTENT_TYPES: Record<PosterFormat, string> = {
  png: 'image/png',
  svg: 'image/svg+xml; charset=utf-8',
  pdf: 'application/pdf',
};

const BINARY = { schema: { type: 'string', format: 'binary' } } as const;

@ApiTags('qr')
@Controller()
export class QrCodesController {
  constructor(private readonly qrCodes: QrCodesService) {}

  /** A code for the compound, one of its buildings, and/or a named spot. */
  @Requires('qr.write')
  @Post('qr-codes')
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateQrCodeDto): Promise<QrCodeView> {
    return this.qrCodes.create(caller, dto);
  }

  @Requires('qr.read')
  @Get('qr-codes')
  list(@CurrentCaller() caller: Caller, @Query() query: ListQrCodesDto): Promise<Page<QrCodeView>> {
    return this.qrCodes.list(caller, query);
  }

  /** What a scanned code opens, for anyone: the place to report about. 404 QR_CODE_NOT_FOUND once revoked. */
  @Public()
  @Get('qr-codes/resolve/:token')
  resolve(@Param('token') token: string): Promise<QrScanView> {
    return this.qrCodes.resolve(token);
  }

  @Requires('qr.write')
  @Post('qr-codes/:id/revoke')
  @HttpCode(200)
  revoke(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: RevokeQrCodeDto): Promise<QrCodeView> {
    return this.qrCodes.revoke(caller, id, dto);
  }

  /** A4 poster, 1240 × 1754 px. */
  @Requires('qr.read')
  @Get('qr-codes/:id/poster.png')
  @ApiProduces(CONTENT_TYPES.png)
  @ApiOkResponse(BINARY)
  posterPng(@CurrentCaller() caller: Caller, @IdParam() id: number, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.poster(caller, id, 'png', reply);
  }

  /** A4 poster with its text as outlines: opens alike everywhere, no font needed. */
  @Requires('qr.read')
  @Get('qr-codes/:id/poster.svg')
  @ApiProduces(CONTENT_TYPES.svg)
  @ApiOkResponse(BINARY)
  posterSvg(@CurrentCaller() caller: Caller, @IdParam() id: number, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.poster(caller, id, 'svg', reply);
  }

  /** A4 poster for printing. */
  @Requires('qr.read')
  @Get('qr-codes/:id/poster.pdf')
  @ApiProduces(CONTENT_TYPES.pdf)
  @ApiOkResponse(BINARY)
  posterPdf(@CurrentCaller() caller: Caller, @IdParam() id: number, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.poster(caller, id, 'pdf', reply);
  }

  /** Every code of the compound in use, one poster per page. 404 QR_CODE_NONE_ACTIVE when there is none. */
  @Requires('qr.read')
  @Get('compounds/:id/qr-posters.pdf')
  @ApiProduces(CONTENT_TYPES.pdf)
  @ApiOkResponse(BINARY)
  async compoundPosters(@CurrentCaller() caller: Caller, @IdParam() id: number, @Res({ passthrough: true }) reply: FastifyReply) {
    const pdf = await this.qrCodes.compoundPosters(caller, id);
    sendFile(reply, CONTENT_TYPES.pdf, `qr-posters-compound-${id}.pdf`);
    return pdf;
  }

  private async poster(caller: Caller, id: number, format: PosterFormat, reply: FastifyReply): Promise<Buffer | string> {
    const body = await this.qrCodes.poster(caller, id, format);
    sendFile(reply, CONTENT_TYPES[format], `qr-poster-${id}.${format}`);
    return body;
  }
}

/** Headers are set only once the file exists, so a failure still leaves as the usual JSON error. */
function sendFile(reply: FastifyReply, contentType: string, filename: string): void {
  reply
    .header('content-type', contentType)
    .header('content-disposition', `inline; filename="${filename}"`)
    .header('cache-control', 'private, no-store');
}
