import type { Readable } from 'node:stream';

export interface StoredPhoto {
  body: Readable;
  /** Bytes, when the backend knows them up front (lets the response carry Content-Length). */
  length?: number;
}

/**
 * Where photo bytes live. The rest of the app injects this class (it is the Nest token) and never knows
 * whether the bytes are files under DATA_DIR or objects in an S3-compatible bucket. Keys are made by
 * UploadsService: random, `ab/abcdef….jpg`.
 */
export abstract class PhotoStorage {
  abstract put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** null when there is no such object. */
  abstract get(key: string): Promise<StoredPhoto | null>;
  /** Removing a missing object is not an error. */
  abstract delete(key: string): Promise<void>;
}

const KEY = /^[a-z0-9]{2}\/[a-z0-9][a-z0-9._-]{0,60}$/;

/** Keys come from our own database, but a storage backend that builds paths from them checks anyway. */
export function assertStorageKey(key: string): void {
  if (!KEY.test(key) || key.includes('..')) throw new Error(`invalid photo storage key: ${JSON.stringify(key)}`);
}
