import type { FastifyRequest } from 'fastify';
import { badRequest, DomainError } from '../errors/domain-error';
import { validationFailed } from './validation';

/**
 * Busboy reports a broken body (no boundary, no closing boundary, a bad part header) as a plain Error,
 * which would leave as a 500. The plugin's own errors (limits: 413, not multipart: 415) carry a status.
 */
function asClientError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const status = (error as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return error;
  return badRequest('MALFORMED_MULTIPART');
}

/**
 * The one file of a multipart request, as the `field` field, read whole into memory (at most `maxBytes`).
 * 400 VALIDATION_FAILED naming the field when there is none; 413 PAYLOAD_TOO_LARGE beyond the limit;
 * 400 MALFORMED_MULTIPART when the body is not well-formed multipart; 415 when it is not multipart.
 */
export async function readOneFile(
  request: FastifyRequest,
  options: { field: string; maxBytes: number; what: string },
): Promise<Buffer> {
  const missing = () =>
    validationFailed([{ field: options.field, problems: [`attach the ${options.what} as the ${options.field} field`] }]);
  let part: Awaited<ReturnType<FastifyRequest['file']>>;
  let bytes: Buffer;
  try {
    part = await request.file({ limits: { fileSize: options.maxBytes } });
    if (!part || part.fieldname !== options.field) throw missing();
    bytes = await part.toBuffer();
  } catch (error) {
    throw asClientError(error);
  }
  // toBuffer() looks at the truncation flag only after each chunk it takes. When the bytes up to the
  // limit arrive as one chunk and the excess as the next, busboy marks the stream truncated without
  // pushing anything more, and toBuffer() returned the first maxBytes as if complete (a 9 MiB photo
  // then reached the image decoder: 422 instead of 413). The flag is final once the stream has ended.
  if (part.file.truncated || bytes.length > options.maxBytes)
    throw new DomainError('PAYLOAD_TOO_LARGE', 413, { maxBytes: options.maxBytes });
  return bytes;
}
