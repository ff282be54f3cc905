import { createHash } from 'node:crypto';

/**
 * A weak entity tag for a JSON answer, derived from its content alone: every API instance gives the
 * same tag for the same answer, so a client may revalidate against any of them.
 */
export function weakEtag(body: unknown): string {
  return `W/"${createHash('sha1').update(JSON.stringify(body)).digest('base64url').slice(0, 22)}"`;
}

/** Does If-None-Match name this tag (weak comparison, lists and `*` included)? */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}
