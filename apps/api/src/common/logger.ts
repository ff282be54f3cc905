import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { maskPhone, PHONE_PATTERN } from '@doorstep/contracts';

/**
 * A mainland mobile number standing alone (not inside a longer run of letters or digits, such as a
 * request id), optionally with +86 / 86 / %2B86 before it: 138****1234 in every log line.
 */
const PHONE_IN_TEXT = /(?<![0-9A-Za-z])((?:\+|%2B)?86[- ]?)?(1[3-9]\d)\d{4}(\d{4})(?![0-9A-Za-z])/g;

export function maskPhonesInText(text: string): string {
  return text.replace(PHONE_IN_TEXT, '$1$2****$3');
}

/** Query parameters that carry a phone number, however it is written (spaces, dashes, encoded). */
const PHONE_QUERY_PARAM = /([?&][^=&#]*(?:phone|mobile|tel)[^=&#]*=)([^&#]*)/gi;

/** A request URL as logged: the values of phone-like query parameters masked. */
export function urlForLog(url: string): string {
  return url.replace(PHONE_QUERY_PARAM, (_, name: string, value: string) => {
    let decoded = value;
    try {
      decoded = decodeURIComponent(value.replace(/\+/g, ' '));
    } catch {
      // Malformed escapes: mask the raw text.
    }
    const phone = decoded.replace(/[\s-]/g, '');
    // A whole number shows as 138****1234; anything else (a partial number, garbage) not at all.
    return `${name}${PHONE_PATTERN.test(phone) ? maskPhone(phone) : phone ? '***' : ''}`;
  });
}

/**
 * What a database error says, minus the values it quotes: MySQL names the duplicate value
 * ("Duplicate entry '13812345678-1' for key …") or the rejected one ("Incorrect string value: '…'").
 */
export function sqlMessageForLog(message: string): string {
  return message.replace(/(Duplicate entry |value: )'(?:[^'\\]|\\.)*'/g, "$1'…'");
}

/**
 * Errors as logged: type, message, stack, code, and for a failed query its SQL with placeholders. Never
 * the bound parameters (TypeORM's QueryFailedError carries them, and mysql2's driver error the SQL with
 * the values filled in): they are names, phone numbers and addresses.
 */
export function errorForLog(error: unknown): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? sqlMessageForLog(error) : error;
  const e = error as Error & { code?: unknown; query?: unknown };
  return {
    type: e.constructor?.name ?? 'Error',
    message: sqlMessageForLog(e.message),
    stack: e.stack ? sqlMessageForLog(e.stack) : undefined,
    ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: e.code } : {}),
    ...(typeof e.query === 'string' ? { query: e.query.slice(0, 500) } : {}),
    ...(e.cause !== undefined ? { cause: errorForLog(e.cause) } : {}),
  };
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Fastify's request log line, with the URL masked (Fastify takes our serializers over its own). */
function requestForLog(req: LoggedRequest) {
  return {
    method: req.method,
    url: req.url === undefined ? undefined : urlForLog(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/**
 * One JSON logger for Fastify's request logs (with request ids) and Nest's own messages. Personal data
 * stays out: tokens and cookies redacted, phone query parameters and SQL values masked by the
 * serializers, and as a last line every phone number left in a finished line masked.
 * `destination` is for tests that read the log; stdout otherwise.
 */
export function createRootLogger(level: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'doorstep-api' },
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { req: requestForLog, err: errorForLog },
    hooks: { streamWrite: maskPhonesInText },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Nest's boot chatter (one line per module and route) is debug, not info. */
const BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (typeof message === 'object' && message !== null) this.logger[level]({ context, ...(message as object) });
    else this.logger[level]({ context }, String(message));
  }

  log(message: unknown, ...rest: unknown[]) {
    this.write(BOOT_CONTEXTS.has(rest[rest.length - 1] as string) ? 'debug' : 'info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
}

/** TypeORM's failures and slow queries into the same JSON log, never to the console. */
export class TypeOrmPinoLogger implements TypeOrmLogger {
  constructor(private readonly logger: Logger) {}

  logQuery(): void {}
  /** Without the bound parameters TypeORM also passes: they are personal data. */
  logQueryError(error: string | Error, query: string): void {
    this.logger.warn({ context: 'TypeORM', err: errorForLog(error), query: query.slice(0, 500) }, 'query failed');
  }
  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ context: 'TypeORM', time, query: query.slice(0, 500) }, 'slow query');
  }
  logSchemaBuild(message: string): void {
    this.logger.debug({ context: 'TypeORM' }, message);
  }
  logMigration(message: string): void {
    this.logger.info({ context: 'TypeORM' }, message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    this.logger[level === 'warn' ? 'warn' : 'debug']({ context: 'TypeORM' }, String(message));
  }
}
