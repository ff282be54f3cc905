import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { assertStorageKey, PhotoStorage, type StoredPhoto } from './photo-storage';

/**
 * Photos as files under one directory (`${DATA_DIR}/uploads`): the single-machine and demo setup. Files
 * are written to a temporary name and renamed, so a reader never sees half a photo.
 */
export class LocalPhotoStorage extends PhotoStorage {
  constructor(private readonly root: string) {
    super();
  }

  /** A file has no content type of its own: the upload row's mime says what it holds. */
  async put(key: string, data: Buffer, _contentType?: string): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.${randomBytes(4).toString('hex')}.partial`;
    await writeFile(partial, data);
    await rename(partial, path);
  }

  async get(key: string): Promise<StoredPhoto | null> {
    const path = this.path(key);
    try {
      const info = await stat(path);
      return { body: createReadStream(path), length: info.size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  private path(key: string): string {
    assertStorageKey(key);
    return join(this.root, key);
  }
}
