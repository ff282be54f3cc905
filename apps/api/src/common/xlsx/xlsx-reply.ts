import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { attachment } from '../http/content-disposition';
import { XLSX_CONTENT_TYPE } from './sheet-writer';

export interface XlsxFile {
  filename: string;
  body: Buffer;
}

/** Documents a route that answers with an XLSX file (OpenAPI: binary string). */
export const ProducesXlsx = () =>
  applyDecorators(ApiProduces(XLSX_CONTENT_TYPE), ApiOkResponse({ schema: { type: 'string', format: 'binary' } }));

/**
 * The file as a download. Called only once the file exists, so a refusal (422 too many rows) still
 * leaves as the usual JSON error rather than a spreadsheet's headers on an error body.
 */
export function sendXlsx(reply: FastifyReply, { filename, body }: XlsxFile): Buffer {
  reply
    .header('content-type', XLSX_CONTENT_TYPE)
    .header('content-disposition', attachment(filename))
    .header('cache-control', 'private, no-store');
  return body;
}
