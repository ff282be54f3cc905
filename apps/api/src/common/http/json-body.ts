import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors/domain-error';

/**
 * Bodies are JSON (or multipart uploads, registered separately). Fastify's text/plain parser is removed
 * so a string never reaches a DTO, and JSON syntax errors carry our code: Nest would otherwise turn
 * them into an anonymous 400. An empty JSON body counts as no body.
 */
export function acceptJsonOnly(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (!text.trim()) return done(null, undefined);
    parseJson(request, text, (error, value) => {
      if (error) done(new DomainError('MALFORMED_JSON', 400), undefined);
      else done(null, value);
    });
  });
}
