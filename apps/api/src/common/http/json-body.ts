import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors/domain-error';

declare module 'fastify' {
  interface FastifyRequest {
    /** The JSON body as received. */
    rawBody?: string;
  }
}

export interface JsonBounds {
  /** Deepest nesting of arrays/objects accepted (the outermost value is level 1). */
  maxDepth: number;
  /** Most arrays, objects and their entries accepted in one body, counted together. */
  maxElements: number;
}

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * One linear pass over the raw text, before JSON.parse: nesting deeper than `maxDepth` or more than
 * `maxElements` containers and entries is refused. JSON.parse itself copes with deep nesting, but every
 * recursive walk after it does not (class-validator's whitelist stripping overflows the stack at ~3,000
 * levels, a 500), and 400,000 levels cost the event loop over a second. Brackets inside strings do not
 * count; syntax is left to JSON.parse.
 */
export function checkJsonBounds(text: string, bounds: JsonBounds): 'depth' | 'elements' | null {
  let depth = 0;
  let elements = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > bounds.maxDepth) return 'depth';
      if (++elements > bounds.maxElements) return 'elements';
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    } else if (c === COMMA) {
      if (++elements > bounds.maxElements) return 'elements';
    }
  }
  return null;
}

/**
 * Bodies are JSON (or multipart uploads, registered separately). Fastify's text/plain parser is removed
 * so a string never reaches a DTO, and JSON syntax errors carry our code: Nest would otherwise turn
 * them into an anonymous 400. An empty JSON body counts as no body. Depth and size are bounded first
 * (checkJsonBounds), so a hostile body never reaches a recursive parser or validator.
 */
export function acceptJsonOnly(fastify: FastifyInstance, bounds: JsonBounds): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    // Signed callbacks (WeChat Pay) are verified over the bytes as sent, not over a re-serialisation.
    request.rawBody = text;
    if (!text.trim()) return done(null, undefined);
    const exceeded = checkJsonBounds(text, bounds);
    if (exceeded) {
      return done(new DomainError('JSON_TOO_COMPLEX', 400, { limit: exceeded, ...bounds }), undefined);
    }
    parseJson(request, text, (error, value) => {
      if (error) done(new DomainError('MALFORMED_JSON', 400), undefined);
      else done(null, value);
    });
  });
}
