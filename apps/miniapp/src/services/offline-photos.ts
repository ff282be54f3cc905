/*
 * H5 only: the bytes of queued visits' photos, in the browser's IndexedDB. A photo chosen in the
 * browser is a blob: URL that dies with the page, so a visit queued offline would lose its photos on
 * a reload; here they outlive it, each under its own key (QueuedPhoto.key), until the visit is stored
 * on the server or the worker drops it. The mini-program keeps a saved file instead (Taro.saveFile)
 * and never loads this module's database.
 *
 * Plain IndexedDB (one object store, five small requests) rather than a library: nothing here needs
 * more. Bytes are kept as an ArrayBuffer with their type, not as a Blob: older WebKit (iOS WeChat's
 * browser) refused Blobs in IndexedDB.
 *
 * Bounded by the same budget as the queue's photos (PHOTO_BYTES_MAX in all, so also per photo):
 * past it, or when the browser refuses to store more, OfflinePhotosFullError.
 */

export const PHOTO_DB = 'doorstep-offline-photos';
const STORE = 'photos';

interface StoredPhoto {
  bytes: ArrayBuffer;
  type: string;
  size: number;
}

export class OfflinePhotosFullError extends Error {
  constructor() {
    super('offline photos full');
    this.name = 'OfflinePhotosFullError';
  }
}

let opening: Promise<IDBDatabase> | null = null;

function db(): Promise<IDBDatabase> {
  if (!opening) {
    opening = new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(PHOTO_DB, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    // A failed open (private mode, storage disabled) is tried again next time.
    opening.catch(() => {
      opening = null;
    });
  }
  return opening;
}

/** Runs `work` in one transaction and resolves with its last request's result once it committed. */
async function inStore<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T> {
  const database = await db();
  return new Promise<T>((resolve, reject) => {
    const tx = database.transaction(STORE, mode);
    const request = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(request ? request.result : (undefined as T));
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** Sizes of every photo kept, by key. */
async function sizes(): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  await inStore('readonly', (store) => {
    const cursor = store.openCursor();
    cursor.onsuccess = () => {
      const at = cursor.result;
      if (!at) return;
      result.set(String(at.key), (at.value as StoredPhoto).size);
      at.continue();
    };
    return cursor;
  });
  return result;
}

/** Bytes held now (the budget counts these, including photos of a form not saved yet). */
export async function keptPhotoBytes(): Promise<number> {
  let total = 0;
  for (const size of (await sizes()).values()) total += size;
  return total;
}

/**
 * Keeps a photo's bytes under `key`, within `budget` bytes for all photos together. Throws
 * OfflinePhotosFullError past the budget or when the browser's storage is full; nothing is kept then.
 */
export async function keepPhoto(key: string, photo: Blob, budget: number): Promise<void> {
  const held = await sizes();
  held.delete(key);
  let total = photo.size;
  for (const size of held.values()) total += size;
  if (total > budget) throw new OfflinePhotosFullError();
  const value: StoredPhoto = { bytes: await bytesOf(photo), type: photo.type, size: photo.size };
  try {
    await inStore('readwrite', (store) => store.put(value, key));
  } catch {
    // QuotaExceededError, or the database cannot be written at all: either way, no room.
    throw new OfflinePhotosFullError();
  }
}

/** A Blob's bytes; FileReader where Blob.arrayBuffer is missing (browsers before 2020, jsdom). */
export function bytesOf(blob: Blob): Promise<ArrayBuffer> {
  if (typeof blob.arrayBuffer === 'function') return blob.arrayBuffer();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(blob);
  });
}

/** The photo's bytes as a Blob for the uploader or an <Image>; undefined when not kept. */
export async function readPhoto(key: string): Promise<Blob | undefined> {
  const stored = await inStore<StoredPhoto | undefined>('readonly', (store) => store.get(key));
  return stored ? new Blob([stored.bytes], { type: stored.type }) : undefined;
}

/** Forgets these photos (the visit is stored, or dropped). */
export async function dropPhotos(keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await inStore('readwrite', (store) => {
    keys.forEach((key) => store.delete(key));
  });
}

/**
 * Forgets every photo whose key is not in `keep`: photos of a form left without saving, or of an
 * edit that removed them. Called when no form is open (the app's start).
 */
export async function keepOnly(keep: ReadonlySet<string>): Promise<number> {
  const gone = [...(await sizes()).keys()].filter((key) => !keep.has(key));
  await dropPhotos(gone);
  return gone.length;
}
