import { basename } from 'node:path';
import type { FastifyReply } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** A year, and never revalidated: for files whose name changes whenever their bytes do. */
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
/** Always asked again (a 304 when unchanged): index.html names the current hashed files. */
export const CACHE_REVALIDATE = 'no-cache';

/** The H5 build names every script and stylesheet with a content hash (js/app.1a2b3c4d.js). */
const HASHED_ASSET = /\.[0-9a-f]{8,}\.(?:js|css)(?:\.br|\.gz)?$/;

/**
 * How the API serves the H5 build: the brotli or gzip copy made at build time when the browser takes
 * it (a cheap phone on a slow network downloads about a quarter of the bytes), hashed assets cached for a
 * year, index.html revalidated on every load so a new release shows at once.
 */
export function h5StaticOptions(root: string): Parameters<NestFastifyApplication['useStaticAssets']>[0] {
  return {
    root,
    prefix: '/',
    index: ['index.html'],
    preCompressed: true,
    // One Cache-Control per file, set below, instead of send's single max-age for everything.
    cacheControl: false,
    // @fastify/static 10 hands over the Fastify reply; Nest's type still describes the older raw response.
    setHeaders: (res, path) => {
      (res as unknown as FastifyReply).header(
        'cache-control',
        HASHED_ASSET.test(basename(path)) ? CACHE_IMMUTABLE : CACHE_REVALIDATE,
      );
    },
  };
}
