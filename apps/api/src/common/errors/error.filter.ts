import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from './domain-error';
import { urlForLog } from '../logger';
import { classifyError } from './error-body';

/** The one global filter: every failure leaves as `{ statusCode, code, message, details?, requestId? }`. */
@Catch()
export class GlobalErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    sendError(reply, request, exception, this.logger);
  }
}

export function sendError(reply: FastifyReply, request: FastifyRequest, exception: unknown, logger: Pick<Logger, 'error'>): void {
  const { body, unexpected } = classifyError(exception);
  if (unexpected) {
    body.requestId = String(request.id);
    logger.error({ err: exception, reqId: request.id, url: urlForLog(request.url) }, 'unexpected error');
  }
  if (reply.sent) return;
  if (exception instanceof DomainError && exception.headers) void reply.headers(exception.headers);
  void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
}
