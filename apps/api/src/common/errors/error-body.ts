import { HttpException } from '@nestjs/common';
import { ERROR_MESSAGES, type ErrorBody, type ErrorCode } from '@doorstep/contracts';
import { isUniqueViolation, isValueRejected } from '../database/db-errors';
import { DomainError } from './domain-error';

/** Fastify's own error codes (body parsing, limits) mapped to ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_REQ_FILE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_FILES_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_PARTS_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'VERSION_CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

export interface ClassifiedError {
  body: ErrorBody;
  /** Unexpected errors are logged with their stack; expected ones are not. */
  unexpected: boolean;
}

function body(statusCode: number, code: ErrorCode, message?: string, details?: unknown): ErrorBody {
  const out: ErrorBody = { statusCode, code, message: message ?? ERROR_MESSAGES[code] };
  if (details !== undefined) out.details = details;
  return out;
}

/**
 * Turns anything thrown into the common error shape. Used by the Nest filter and by Fastify's error
 * handler (which sees body-parsing failures before Nest does), so both answer alike.
 */
export function classifyError(error: unknown): ClassifiedError {
  if (error instanceof DomainError) {
    return { body: body(error.statusCode, error.code, error.message, error.details), unexpected: false };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    if (typeof response === 'object' && response && 'code' in response) {
      const r = response as ErrorBody;
      return { body: body(status, r.code, r.message, r.details), unexpected: false };
    }
    const code = status === 404 ? 'ROUTE_NOT_FOUND' : (STATUS_CODES[status] ?? 'BAD_REQUEST');
    return { body: body(status, code), unexpected: status >= 500 };
  }
  if (isUniqueViolation(error)) {
    // A race that the service's own existence check could not see: the database had the last word.
    return { body: body(409, 'ALREADY_EXISTS'), unexpected: false };
  }
  if (isValueRejected(error)) {
    return { body: body(422, 'VALIDATION_FAILED'), unexpected: false };
  }
  const fastifyCode = (error as { code?: string })?.code;
  const fastifyStatus = (error as { statusCode?: number })?.statusCode;
  if (fastifyCode && FASTIFY_CODES[fastifyCode]) {
    const code = FASTIFY_CODES[fastifyCode];
    const status = code === 'PAYLOAD_TOO_LARGE' ? 413 : code === 'UNSUPPORTED_MEDIA_TYPE' ? 415 : 400;
    return { body: body(status, code), unexpected: false };
  }
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    return { body: body(fastifyStatus, STATUS_CODES[fastifyStatus] ?? 'BAD_REQUEST'), unexpected: false };
  }
  return { body: body(500, 'INTERNAL_ERROR'), unexpected: true };
}
