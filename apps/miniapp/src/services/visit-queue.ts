import Taro from '@tarojs/taro';
import { ENDPOINTS, VISIT_LIMITS, type NewVisit, type SyncVisitResult } from '@doorstep/contracts';

import { zh } from '../i18n/zh';
import { dropPhotos, keepOnly, readPhoto } from './offline-photos';
import { uploadPhoto } from './photos';
import { call, errorMessage, isApiError, newIdempotencyKey } from './request';

/*
 * 民情走访 made on the phone, kept until the server has them. A grid worker walks basements and old
 * stairwells without signal: a visit is saved here the moment it is made, survives the app being
 * closed, and is sent in the order it was made once the network is back.
 *
 * Storage budget (WeChat: 1 MB per key, 10 MB per mini-program in all):
 * - One key holds every queued visit as small JSON records (text and ids, never image bytes). Worst
 *   case per record is ~7 KB (500-character notes, a 1000-character 诉求, a note on the 回访, the
 *   server's refusal), so at most QUEUE_MAX records and QUEUE_BYTES_MAX bytes: under 1 MB.
 * - Photos are not in the queue: a record keeps the local file path of each (saved with saveFile on
 *   the mini-program, so it outlives the temp file) and its size. They are uploaded only when online,
 *   right before the visit is sent, and the file is removed once the visit is stored or dropped. In the
 *   browser (H5) a chosen photo is a blob: URL that a reload kills: its bytes are kept in IndexedDB
 *   instead (offline-photos.ts), under the photo's key. Their total is
 *   bounded by PHOTO_BYTES_MAX (compressed photos are ~100–400 KB): with the queue and the session that
 *   stays well under 10 MB. Past the budget a visit can still be recorded, without more photos.
 */

export const VISIT_QUEUE_KEY = 'doorstep.visits.v1';
/** A day's round is 30–50 visits; twice that waits for a signal before the phone says "full". */
export const QUEUE_MAX = 100;
export const QUEUE_BYTES_MAX = 900 * 1024;
export const PHOTO_BYTES_MAX = 6 * 1024 * 1024;

export interface QueuedPhoto {
  /** A saved file (weapp) or blob: URL (H5) that <Image> can show and the uploader can read. */
  path: string;
  size: number;
  /** H5: where its bytes are kept across reloads (offline-photos); the blob: URL is only this page's. */
  key?: string;
  /** Set once uploaded, so a sync that stops half-way does not upload it twice. */
  uploadId?: number;
}

export interface QueuedVisit {
  /** Who made it: a phone passed to another worker never sends their visits under the wrong name. */
  workerId: number;
  /** What the worker recognises it by (1号楼 2单元 301 / 小区广场). */
  label: string;
  /** The household's compound, so a refused visit can be corrected with its 诉求 categories. */
  compoundId?: number;
  /** The 回访's ticket number as the worker saw it (the visit itself only carries the ticket id). */
  ticketNo?: string;
  visit: Omit<NewVisit, 'photoIds'>;
  photos: QueuedPhoto[];
  /** pending: to send; refused: the server said no (kept and shown, never dropped). */
  state: 'pending' | 'refused';
  error: { code: string; message: string } | null;
}

/** Where the queue lives; Taro's storage in the app, a Map in unit tests. */
export interface QueueStorage {
  read: () => unknown;
  write: (records: QueuedVisit[]) => void;
}

export const taroStorage: QueueStorage = {
  read: () => Taro.getStorageSync(VISIT_QUEUE_KEY),
  write: (records) => Taro.setStorageSync(VISIT_QUEUE_KEY, records),
};

export class QueueFullError extends Error {
  constructor() {
    super(zh.visitQueue.full);
    this.name = 'QueueFullError';
  }
}

/** UTF-8 bytes of the records as stored (the platform counts the serialised value). */
export function storedBytes(records: readonly QueuedVisit[]): number {
  const json = JSON.stringify(records);
  let bytes = 0;
  for (const ch of json) {
    const code = ch.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

export function photoBytes(records: readonly QueuedVisit[]): number {
  return records.reduce((sum, r) => sum + r.photos.reduce((s, p) => s + (p.uploadId ? 0 : p.size), 0), 0);
}

function isRecord(value: unknown): value is QueuedVisit {
  const v = value as QueuedVisit | null;
  return Boolean(v && typeof v === 'object' && typeof v.workerId === 'number' && v.visit?.clientId && Array.isArray(v.photos));
}

// ------------------------------------------------------------------ the store

let storage: QueueStorage = taroStorage;
let records: QueuedVisit[] | null = null;
const listeners = new Set<() => void>();

/** Tests give the queue a storage of their own (and start from what it holds). */
export function setQueueStorage(next: QueueStorage): void {
  storage = next;
  records = null;
}

function all(): QueuedVisit[] {
  if (records === null) {
    let stored: unknown;
    try {
      stored = storage.read();
    } catch {
      stored = null;
    }
    records = Array.isArray(stored) ? stored.filter(isRecord) : [];
  }
  return records;
}

function save(next: QueuedVisit[]): void {
  // Written before anyone is told: what the worker sees as saved is on the phone. A platform refusal
  // (storage full) is said in words the worker can act on, not the platform's errMsg.
  try {
    storage.write(next);
  } catch {
    throw new QueueFullError();
  }
  records = next;
  listeners.forEach((listener) => listener());
}

export function subscribeQueue(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** Every queued visit, oldest first: the same array until something changes (a store snapshot). */
export function queueSnapshot(): QueuedVisit[] {
  return all();
}

/** The worker's queued visits, oldest first. */
export function queuedVisits(workerId: number | null): QueuedVisit[] {
  return workerId === null ? [] : all().filter((r) => r.workerId === workerId);
}

export function findQueued(clientId: string): QueuedVisit | undefined {
  return all().find((r) => r.visit.clientId === clientId);
}

/** A new visit, stamped with a client id and the phone's time (unless given), at the end of the queue. */
export function newVisit(fields: Omit<NewVisit, 'clientId' | 'visitedAt' | 'photoIds'>): Omit<NewVisit, 'photoIds'> {
  return { ...fields, clientId: newIdempotencyKey(), visitedAt: new Date().toISOString() };
}

/**
 * Saves a visit: a new one at the end, or an edited one (same clientId) in its place, pending again.
 * Throws QueueFullError when the queue is at its bounds; nothing is written then.
 */
export function enqueue(record: Omit<QueuedVisit, 'state' | 'error'>): void {
  const current = all();
  const entry: QueuedVisit = { ...record, state: 'pending', error: null };
  const at = current.findIndex((r) => r.visit.clientId === record.visit.clientId);
  const next = at >= 0 ? current.map((r, i) => (i === at ? entry : r)) : [...current, entry];
  if (next.length > QUEUE_MAX || storedBytes(next) > QUEUE_BYTES_MAX) throw new QueueFullError();
  save(next);
  // An edit that took photos out: their files go too.
  if (at >= 0) {
    const still = new Set(entry.photos.map(photoRef));
    removeFiles(current[at].photos.filter((p) => !still.has(photoRef(p))));
  }
}

/** What identifies a photo's bytes: its IndexedDB key (H5) or its saved file (weapp). */
function photoRef(photo: QueuedPhoto): string {
  return photo.key ?? photo.path;
}

/** Whether `bytes` more of photos fit the budget (a visit past it is recorded without them). */
export function photosFit(bytes: number): boolean {
  return photoBytes(all()) + bytes <= PHOTO_BYTES_MAX;
}

/** The worker gives up on a refused (or any) visit: gone from the phone, with its photos. */
export function discard(clientId: string): void {
  const gone = all().find((r) => r.visit.clientId === clientId);
  if (!gone) return;
  save(all().filter((r) => r !== gone));
  removeFiles(gone.photos);
}

function removeFiles(photos: readonly QueuedPhoto[]): void {
  if (process.env.TARO_ENV === 'h5') {
    const keys = photos.flatMap((p) => (p.key ? [p.key] : []));
    void dropPhotos(keys).catch(() => undefined);
    return;
  }
  if (process.env.TARO_ENV !== 'weapp') return;
  for (const photo of photos) {
    void Taro.removeSavedFile({ filePath: photo.path }).catch(() => undefined);
  }
}

// ------------------------------------------------------------------ sync

export interface SyncDeps {
  send: (visits: NewVisit[]) => Promise<SyncVisitResult[]>;
  upload: (photo: QueuedPhoto) => Promise<number>;
}

export interface SyncOutcome {
  sent: number;
  refused: number;
  /** Why the sync stopped early (no network, signed out); the visits stay queued. */
  stopped: string | null;
}

let running: Promise<SyncOutcome> | null = null;

/**
 * Sends the worker's pending visits, oldest first, in batches of VISIT_LIMITS.batchMax. Per visit:
 * stored or duplicate (sent before, answer lost) → removed; refused → kept with the server's words.
 * A network failure or a refusal of the whole request stops the round and keeps everything unsent;
 * the next round (back online, app shown again, the worker's tap) goes on from there. One round at a
 * time: a second call while one runs waits for it.
 */
export function syncVisits(workerId: number, deps: SyncDeps = defaultDeps): Promise<SyncOutcome> {
  if (!running) {
    running = runSync(workerId, deps).finally(() => {
      running = null;
    });
  }
  return running;
}

async function runSync(workerId: number, deps: SyncDeps): Promise<SyncOutcome> {
  const outcome: SyncOutcome = { sent: 0, refused: 0, stopped: null };
  const tried = new Set<string>();
  for (;;) {
    const batch = all()
      .filter((r) => r.workerId === workerId && r.state === 'pending' && !tried.has(r.visit.clientId))
      .slice(0, VISIT_LIMITS.batchMax);
    if (batch.length === 0) return outcome;
    batch.forEach((r) => tried.add(r.visit.clientId));
    try {
      await sendBatch(batch, deps, outcome);
    } catch (error) {
      outcome.stopped = errorMessage(error);
      return outcome;
    }
  }
}

/**
 * One request for the batch. Should the server refuse the request as a whole (a 4xx that is not about
 * the caller's sign-in), each visit goes alone, so one malformed visit is marked refused and the
 * others still get through. Anything transient or about the sign-in is thrown: the round stops.
 */
async function sendBatch(batch: QueuedVisit[], deps: SyncDeps, outcome: SyncOutcome): Promise<void> {
  const ready: Array<{ record: QueuedVisit; visit: NewVisit }> = [];
  for (const record of batch) {
    try {
      ready.push({ record, visit: await readyToSend(record, deps) });
    } catch (error) {
      if (isTransient(error) || isSignInError(error)) throw error;
      // A photo the server will never take (not a picture, too large): the worker decides.
      markRefused(record.visit.clientId, error, outcome);
    }
  }
  if (ready.length === 0) return;
  try {
    apply(await deps.send(ready.map((r) => r.visit)), outcome);
  } catch (error) {
    if (isTransient(error) || isSignInError(error)) throw error;
    if (ready.length === 1) return markRefused(ready[0].record.visit.clientId, error, outcome);
    for (const one of ready) await sendBatch([one.record], deps, outcome);
  }
}

function markRefused(clientId: string, error: unknown, outcome: SyncOutcome): void {
  outcome.refused += 1;
  const code = isApiError(error) ? String(error.code) : 'REFUSED';
  patch(clientId, (r) => ({ ...r, state: 'refused', error: { code, message: errorMessage(error) } }));
}

/** Uploads the record's photos not uploaded yet, keeping each id as it comes (a retry skips them). */
async function readyToSend(record: QueuedVisit, deps: SyncDeps): Promise<NewVisit> {
  for (const photo of record.photos) {
    if (photo.uploadId !== undefined || (await isLostPhoto(photo))) continue;
    const uploadId = await deps.upload(photo);
    patch(record.visit.clientId, (r) => ({
      ...r,
      photos: r.photos.map((p) => (p.path === photo.path ? { ...p, uploadId } : p)),
    }));
  }
  const current = findQueued(record.visit.clientId) ?? record;
  const photoIds = current.photos.flatMap((p) => (p.uploadId === undefined ? [] : [p.uploadId]));
  return { ...current.visit, photoIds };
}

function patch(clientId: string, change: (r: QueuedVisit) => QueuedVisit): void {
  save(all().map((r) => (r.visit.clientId === clientId ? change(r) : r)));
}

function apply(results: SyncVisitResult[], outcome: SyncOutcome): void {
  const byId = new Map(results.map((r) => [r.clientId, r]));
  const done: QueuedVisit[] = [];
  const next: QueuedVisit[] = [];
  for (const record of all()) {
    const result = byId.get(record.visit.clientId);
    if (!result) next.push(record);
    else if (result.status === 'refused') {
      outcome.refused += 1;
      next.push({ ...record, state: 'refused', error: result.error ?? { code: 'REFUSED', message: zh.visitQueue.refused } });
    } else {
      outcome.sent += 1;
      done.push(record);
    }
  }
  save(next);
  done.forEach((r) => removeFiles(r.photos));
}

/** The real server: POST /visits/sync; the photos through POST /uploads. */
const defaultDeps: SyncDeps = {
  send: async (visits) => (await call(ENDPOINTS.syncVisits, { body: { visits } })).results,
  upload: async (photo) => (await uploadPhoto({ path: photo.path, size: photo.size, file: await h5Photo(photo) })).id,
};

/**
 * H5 only: the bytes behind a photo's blob: URL, for this run of the page. A reloaded page finds them
 * in IndexedDB by the photo's key instead (see h5Photo).
 */
export const h5Blobs = new Map<string, Blob>();

/** H5: a queued photo's bytes, from this page's memory or else from IndexedDB; undefined when gone. */
export async function h5Photo(photo: QueuedPhoto): Promise<Blob | undefined> {
  const here = h5Blobs.get(photo.path);
  if (here || !photo.key) return here;
  try {
    return await readPhoto(photo.key);
  } catch {
    return undefined;
  }
}

/**
 * A queued photo whose bytes are gone (H5: a photo queued before they were kept across reloads, or
 * the browser's site data was cleared): it cannot be uploaded, and the visit goes without it.
 */
export async function isLostPhoto(photo: QueuedPhoto): Promise<boolean> {
  return process.env.TARO_ENV === 'h5' && photo.uploadId === undefined && !(await h5Photo(photo));
}

/**
 * H5: forgets kept photo bytes no queued visit refers to (a form left without saving, an edit that
 * removed a photo, a reload in between). Run once at the app's start, when no form is open.
 */
export async function pruneOfflinePhotos(): Promise<void> {
  if (process.env.TARO_ENV !== 'h5') return;
  const keys = new Set(all().flatMap((r) => r.photos.flatMap((p) => (p.key ? [p.key] : []))));
  await keepOnly(keys).catch(() => undefined);
}

/** Whether an error means "try again later" (no network, server busy) rather than "this is wrong". */
function isTransient(error: unknown): boolean {
  return !isApiError(error) || error.statusCode === null || error.statusCode >= 500 || error.statusCode === 429;
}

/** Signed out or not a grid worker (any more): nothing in the queue is wrong, the caller is. */
function isSignInError(error: unknown): boolean {
  return isApiError(error) && (error.statusCode === 401 || error.statusCode === 403);
}
