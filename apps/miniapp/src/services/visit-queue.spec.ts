import '../../test/h5-env';
import { VISIT_LIMITS, type NewVisit, type SyncVisitResult } from '@doorstep/contracts';

import { ApiError } from './request';
import {
  QUEUE_BYTES_MAX,
  QUEUE_MAX,
  QueueFullError,
  discard,
  enqueue,
  h5Blobs,
  newVisit,
  queuedVisits,
  setQueueStorage,
  storedBytes,
  syncVisits,
  type QueuedVisit,
  type SyncDeps,
} from './visit-queue';

const WORKER = 4;

/** Taro's storage as the phone keeps it: JSON in, JSON out (nothing shared by reference). */
function phoneStorage() {
  let stored: string | null = null;
  return {
    read: () => (stored === null ? '' : JSON.parse(stored)),
    write: (records: QueuedVisit[]) => {
      stored = JSON.stringify(records);
    },
    bytes: () => stored?.length ?? 0,
  };
}

function record(n: number, workerId = WORKER): Omit<QueuedVisit, 'state' | 'error'> {
  return {
    workerId,
    label: `1号楼 1单元 ${100 + n}`,
    visit: newVisit({ householdId: n, kind: 'routine', outcome: 'met' }),
    photos: [],
  };
}

/** A server that stores each client id once and refuses the ones it is told to. */
function fakeServer(refuse: (v: NewVisit) => string | null = () => null) {
  const stored = new Set<string>();
  const batches: string[][] = [];
  const deps: SyncDeps = {
    send: async (visits) => {
      batches.push(visits.map((v) => v.clientId));
      return visits.map((v): SyncVisitResult => {
        const why = refuse(v);
        if (why)
          return { clientId: v.clientId, status: 'refused', visitId: null, ticketId: null, error: { code: 'X', message: why } };
        const status = stored.has(v.clientId) ? 'duplicate' : 'stored';
        stored.add(v.clientId);
        return { clientId: v.clientId, status, visitId: 1, ticketId: null, error: null };
      });
    },
    upload: async () => 99,
  };
  return { deps, stored, batches };
}

let storage: ReturnType<typeof phoneStorage>;
beforeEach(() => {
  storage = phoneStorage();
  setQueueStorage(storage);
});

describe('visit queue', () => {
  it('saves a visit at once, and a restarted app finds the queue as it was, in order', () => {
    const ids = [1, 2, 3].map((n) => {
      const r = record(n);
      enqueue(r);
      return r.visit.clientId;
    });
    // A restart: nothing in memory, only what storage holds.
    setQueueStorage(storage);
    expect(queuedVisits(WORKER).map((r) => r.visit.clientId)).toEqual(ids);
    expect(queuedVisits(WORKER).every((r) => r.state === 'pending')).toBe(true);
    expect(queuedVisits(WORKER)[0].visit.visitedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('sends in the order visits were made, in batches of at most batchMax, and empties the queue', async () => {
    const made = Array.from({ length: QUEUE_MAX - 5 }, (_, i) => record(i));
    made.forEach((r) => enqueue(r));
    const server = fakeServer();
    const outcome = await syncVisits(WORKER, server.deps);
    expect(server.batches.map((b) => b.length)).toEqual([VISIT_LIMITS.batchMax, QUEUE_MAX - 5 - VISIT_LIMITS.batchMax]);
    expect(server.batches.flat()).toEqual(made.map((r) => r.visit.clientId));
    expect(outcome).toEqual({ sent: made.length, refused: 0, stopped: null });
    expect(queuedVisits(WORKER)).toEqual([]);
  });

  it('sends a visit whose answer was lost again under the same client id; the server keeps it once', async () => {
    enqueue(record(1));
    const server = fakeServer();
    const lost: SyncDeps = {
      ...server.deps,
      // The request reached the server, the answer never reached the phone.
      send: async (visits) => {
        await server.deps.send(visits);
        throw new ApiError('NETWORK_ERROR', '网络连接失败，请检查网络', null);
      },
    };
    const first = await syncVisits(WORKER, lost);
    expect(first.stopped).toBe('网络连接失败，请检查网络');
    expect(queuedVisits(WORKER)).toHaveLength(1);
    const second = await syncVisits(WORKER, server.deps);
    expect(second.sent).toBe(1);
    expect(server.batches[0]).toEqual(server.batches[1]);
    expect(server.stored.size).toBe(1);
    expect(queuedVisits(WORKER)).toEqual([]);
  });

  it('keeps a refused visit with the server’s words and sends the others', async () => {
    const [a, b, c] = [record(1), record(2), record(3)];
    [a, b, c].forEach((r) => enqueue(r));
    const server = fakeServer((v) => (v.clientId === b.visit.clientId ? '该住户不在您的网格' : null));
    const outcome = await syncVisits(WORKER, server.deps);
    expect(outcome).toEqual({ sent: 2, refused: 1, stopped: null });
    const left = queuedVisits(WORKER);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ state: 'refused', error: { message: '该住户不在您的网格' } });
    expect(left[0].visit.clientId).toBe(b.visit.clientId);
    // A refused visit is not sent again on its own: the worker edits or discards it.
    await syncVisits(WORKER, server.deps);
    expect(server.batches).toHaveLength(1);
  });

  it('an edited refused visit goes back in its place, pending, under the same client id', async () => {
    const [a, b] = [record(1), record(2)];
    enqueue(a);
    enqueue(b);
    await syncVisits(WORKER, fakeServer(() => '请填写情况').deps);
    enqueue({ ...a, visit: { ...a.visit, notes: '已补充' } });
    const queue = queuedVisits(WORKER);
    expect(queue.map((r) => [r.visit.clientId, r.state])).toEqual([
      [a.visit.clientId, 'pending'],
      [b.visit.clientId, 'refused'],
    ]);
    discard(b.visit.clientId);
    expect(queuedVisits(WORKER).map((r) => r.visit.clientId)).toEqual([a.visit.clientId]);
  });

  it('when the server refuses a whole batch, sends each visit alone so only the bad one is kept', async () => {
    const [a, b, c] = [record(1), record(2), record(3)];
    [a, b, c].forEach((r) => enqueue(r));
    const server = fakeServer();
    const strict: SyncDeps = {
      ...server.deps,
      send: async (visits) => {
        if (visits.some((v) => v.clientId === b.visit.clientId)) throw new ApiError('VALIDATION_FAILED', '走访时间不正确', 400);
        return server.deps.send(visits);
      },
    };
    const outcome = await syncVisits(WORKER, strict);
    expect(outcome).toEqual({ sent: 2, refused: 1, stopped: null });
    expect(queuedVisits(WORKER)).toMatchObject([
      { state: 'refused', error: { code: 'VALIDATION_FAILED', message: '走访时间不正确' } },
    ]);
  });

  it('stops without marking anything when signed out, and sends only the signed-in worker’s visits', async () => {
    enqueue(record(1, WORKER));
    enqueue(record(2, 77));
    const signedOut: SyncDeps = {
      ...fakeServer().deps,
      send: async () => {
        throw new ApiError('UNAUTHENTICATED', '请先登录', 401);
      },
    };
    expect((await syncVisits(WORKER, signedOut)).stopped).toBe('请先登录');
    expect(queuedVisits(WORKER)[0].state).toBe('pending');
    const server = fakeServer();
    await syncVisits(WORKER, server.deps);
    expect(server.batches.flat()).toHaveLength(1);
    expect(queuedVisits(77)).toHaveLength(1);
  });

  it('uploads a visit’s photos right before sending it, once, even when the send fails', async () => {
    // On H5 the bytes live in the page (a reload loses them); the mini-program keeps a saved file.
    h5Blobs.set('blob:a', new Blob(['jpeg']));
    enqueue({ ...record(1), photos: [{ path: 'blob:a', size: 200_000 }] });
    const server = fakeServer();
    let uploads = 0;
    const offlineAfterUpload: SyncDeps = {
      upload: async () => ++uploads,
      send: async () => {
        throw new ApiError('NETWORK_ERROR', '网络连接失败，请检查网络', null);
      },
    };
    await syncVisits(WORKER, offlineAfterUpload);
    const sent: NewVisit[] = [];
    await syncVisits(WORKER, {
      upload: async () => ++uploads,
      send: async (visits) => {
        sent.push(...visits);
        return server.deps.send(visits);
      },
    });
    expect(uploads).toBe(1);
    expect(sent[0].photoIds).toEqual([1]);
  });

  it('stays within WeChat’s 1 MB per key: a bounded count of records, each bounded in size', () => {
    const worst = (n: number): Omit<QueuedVisit, 'state' | 'error'> => ({
      ...record(n),
      label: '幸福里小区 12号楼 3单元 1201',
      visit: {
        ...newVisit({ householdId: n, kind: 'care', outcome: 'met', notes: '情'.repeat(VISIT_LIMITS.notesMax) }),
        request: { categoryId: 1, description: '诉'.repeat(VISIT_LIMITS.notesMax) },
      },
      photos: Array.from({ length: VISIT_LIMITS.photosMax }, (_, i) => ({
        path: `wxfile://usr/${'x'.repeat(60)}${i}.jpg`,
        size: 400_000,
      })),
    });
    for (let n = 0; n < QUEUE_MAX; n++) enqueue(worst(n));
    expect(() => enqueue(worst(QUEUE_MAX))).toThrow(QueueFullError);
    expect(queuedVisits(WORKER)).toHaveLength(QUEUE_MAX);
    expect(storedBytes(queuedVisits(WORKER))).toBeLessThanOrEqual(QUEUE_BYTES_MAX);
    expect(QUEUE_BYTES_MAX).toBeLessThan(1024 * 1024);
  });

  it('says the queue is full, in words, when the phone refuses to store more, and keeps what it had', () => {
    enqueue(record(1));
    setQueueStorage({
      read: storage.read,
      write: () => {
        throw new Error('setStorageSync:fail exceed storage max size 10MB');
      },
    });
    expect(() => enqueue(record(2))).toThrow('待上传的走访太多了');
    expect(queuedVisits(WORKER)).toHaveLength(1);
  });
});
