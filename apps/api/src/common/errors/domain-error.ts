import { ERROR_MESSAGES, type ErrorCode } from '@doorstep/contracts';

/**
 * The one exception services throw for expected failures. It carries a stable machine code; the global
 * filter turns it into `{ statusCode, code, message, details }`.
 */
export class DomainError extends Error {
  /** Response headers that belong to the error (Retry-After on 429). */
  headers?: Record<string, string>;

  constructor(
    readonly code: ErrorCode,
    readonly statusCode: number,
    readonly details?: unknown,
    message?: string,
  ) {
    super(message ?? ERROR_MESSAGES[code]);
  }
}

export const notFound = (code: ErrorCode = 'NOT_FOUND', details?: unknown) => new DomainError(code, 404, details);
export const forbidden = (details?: unknown) => new DomainError('FORBIDDEN', 403, details);
export const conflict = (code: ErrorCode, details?: unknown) => new DomainError(code, 409, details);
export const unprocessable = (code: ErrorCode, details?: unknown, message?: string) =>
  new DomainError(code, 422, details, message);
export const badRequest = (code: ErrorCode, details?: unknown, message?: string) => new DomainError(code, 400, details, message);

/** 429 with the seconds until the caller may try again, as the Retry-After header. */
export const rateLimited = (retryAfterSeconds: number) =>
  Object.assign(new DomainError('RATE_LIMITED', 429), {
    headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
  });
