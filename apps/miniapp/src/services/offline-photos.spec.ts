/**
 * @jest-environment node
 *
 * Node's environment: jsdom has no structuredClone, which (fake) IndexedDB needs; Node has it, and Blob.
 */
import 'fake-indexeddb/auto';
import '../../test/h5-env';
import { type NewVisit, type SyncVisitResult } from '@doorstep/contracts';

import { OfflinePhotosFullError, bytesOf, dropPhotos, keepOnly, keepPhoto, keptPhotoBytes, readPhoto } from './offline-photos';
import {
  PHOTO_BYTES_MAX,
  discard,
  enqueue,
  h5Blobs,
  newVisit,
  pruneOfflinePhotos,
  queuedVisits,
  setQueueStorage,
  syncVisits,
  type QueuedVisit,
  type SyncDeps,
} from './visit-queue';

const WORKER = 4;
const KB = 1024;

function jpeg(bytes: number, fill = 1): Blob {
  return new Blob([new Uint8Array(bytes).fill(fill)], { type: 'image/jpeg' });
}

/** Everything kept, then nothing: each test starts from an empty database. */
async function emptyStore(): Promise<void> {
  await keepOnly(new Set());
}

function memoryQueue() {
  let stored: string | null = null;
  return {
    read: () => (stored === null ? '' : JSON.parse(stored)),
    write: (records: QueuedVisit[]) => {
      stored = JSON.stringify(records);
    },
  };
}

beforeEach(async () => {
  await emptyStore();
  h5Blobs.clear();
  setQueueStorage(memoryQueue());
});

describe('offline photos (H5, IndexedDB)', () => {
  it('keeps a photo’s bytes and type under its key and gives them back as a Blob', async () => {
    await keepPhoto('a', jpeg(3 * KB, 7), PHOTO_BYTES_MAX);
    const back = await readPhoto('a');
    expect(back?.type).toBe('image/jpeg');
    expect(back?.size).toBe(3 * KB);
    expect(new Uint8Array(await bytesOf(back!))[0]).toBe(7);
    expect(await readPhoto('b')).toBeUndefined();
    expect(await keptPhotoBytes()).toBe(3 * KB);
  });

  it('refuses a photo past the budget with OfflinePhotosFullError and keeps nothing of it', async () => {
    await keepPhoto('a', jpeg(60 * KB), 100 * KB);
    await expect(keepPhoto('b', jpeg(50 * KB), 100 * KB)).rejects.toBeInstanceOf(OfflinePhotosFullError);
    expect(await readPhoto('b')).toBeUndefined();
    // One photo larger than the whole budget is refused as well.
    await expect(keepPhoto('c', jpeg(101 * KB), 100 * KB)).rejects.toBeInstanceOf(OfflinePhotosFullError);
    // Kept again under the same key: counted once.
    await keepPhoto('a', jpeg(90 * KB), 100 * KB);
    expect(await keptPhotoBytes()).toBe(90 * KB);
  });

  it('drops the photos named, and keepOnly drops every photo no one refers to', async () => {
    await Promise.all(['a', 'b', 'c', 'd'].map((key) => keepPhoto(key, jpeg(KB), PHOTO_BYTES_MAX)));
    await dropPhotos(['a']);
    expect(await readPhoto('a')).toBeUndefined();
    expect(await keepOnly(new Set(['b']))).toBe(2);
    expect(await readPhoto('b')).toBeDefined();
    expect(await keptPhotoBytes()).toBe(KB);
  });
});

describe('queued visit photos on H5 across a reload', () => {
  function fakeServer(refuse = false) {
    const uploads: Blob[] = [];
    const sent: NewVisit[] = [];
    const deps: SyncDeps = {
      upload: async (photo) => {
        const blob = h5Blobs.get(photo.path) ?? (await readPhoto(photo.key!));
        uploads.push(blob!);
        return 100 + uploads.length;
      },
      send: async (visits) => {
        sent.push(...visits);
        return visits.map((v): SyncVisitResult =>
          refuse
            ? {
                clientId: v.clientId,
                status: 'refused',
                visitId: null,
                ticketId: null,
                error: { code: 'X', message: '不在网格内' },
              }
            : { clientId: v.clientId, status: 'stored', visitId: 1, ticketId: null, error: null },
        );
      },
    };
    return { deps, uploads, sent };
  }

  /** A visit with one photo as the form saves it on H5: bytes kept, blob: URL of this page. */
  async function queueWithPhoto(key: string) {
    await keepPhoto(key, jpeg(2 * KB, 9), PHOTO_BYTES_MAX);
    const visit = newVisit({ householdId: 1, kind: 'routine', outcome: 'met' });
    enqueue({ workerId: WORKER, label: '1号楼 1单元 101', visit, photos: [{ path: `blob:page/${key}`, size: 2 * KB, key }] });
    return visit.clientId;
  }

  /** The page is reloaded: the blob: URLs die, the queue is read again from storage. */
  function reload() {
    h5Blobs.clear();
  }

  it('uploads the kept bytes after a reload, sends the visit with the photo, then forgets them', async () => {
    await queueWithPhoto('p1');
    reload();
    const server = fakeServer();
    await syncVisits(WORKER, server.deps);
    expect(server.uploads).toHaveLength(1);
    expect(server.uploads[0].size).toBe(2 * KB);
    expect(server.sent[0].photoIds).toEqual([101]);
    expect(queuedVisits(WORKER)).toEqual([]);
    await waitFor(async () => (await readPhoto('p1')) === undefined);
  });

  it('keeps a refused visit’s photo until the worker discards the visit', async () => {
    const clientId = await queueWithPhoto('p2');
    reload();
    await syncVisits(WORKER, fakeServer(true).deps);
    expect(queuedVisits(WORKER)[0].state).toBe('refused');
    expect(await readPhoto('p2')).toBeDefined();
    discard(clientId);
    await waitFor(async () => (await readPhoto('p2')) === undefined);
  });

  it('sends a visit without a photo whose bytes are gone, rather than not at all', async () => {
    await queueWithPhoto('p3');
    reload();
    await dropPhotos(['p3']);
    const server = fakeServer();
    await syncVisits(WORKER, server.deps);
    expect(server.uploads).toHaveLength(0);
    expect(server.sent[0].photoIds).toEqual([]);
  });

  it('at the start, forgets bytes of photos no queued visit refers to (a form left unsaved)', async () => {
    await queueWithPhoto('kept');
    await keepPhoto('unsaved', jpeg(KB), PHOTO_BYTES_MAX);
    await pruneOfflinePhotos();
    expect(await readPhoto('unsaved')).toBeUndefined();
    expect(await readPhoto('kept')).toBeDefined();
  });

  it('an edit that takes a photo out of a queued visit forgets its bytes', async () => {
    const clientId = await queueWithPhoto('p4');
    const [queued] = queuedVisits(WORKER);
    enqueue({ ...queued, visit: { ...queued.visit, clientId }, photos: [] });
    await waitFor(async () => (await readPhoto('p4')) === undefined);
  });
});

/** Deleting is fire-and-forget in the queue (the worker never waits on it): poll briefly. */
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met');
}
