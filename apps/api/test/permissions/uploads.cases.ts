import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { LocalPhotoStorage } from '../../src/uploads/local-photo-storage';
import { Upload } from '../../src/uploads/upload.entity';
import { png, tinyPng } from '../support/images';
import { TEST_ENV } from '../support/test-app';
import type { Actor, Case, Req, World } from './matrix';

/** The matrix app stores photos locally under the test DATA_DIR; rows and files are written directly. */
const storage = new LocalPhotoStorage(resolve(TEST_ENV.DATA_DIR, 'uploads'));
const made = new WeakMap<World, Map<number, number>>();

/** One stored, unattached upload per user (made on first use): its id. */
async function uploadOf(w: World, userId: number): Promise<number> {
  const mine = made.get(w) ?? new Map<number, number>();
  made.set(w, mine);
  const existing = mine.get(userId);
  if (existing) return existing;
  const name = randomBytes(16).toString('hex');
  const key = `${name.slice(0, 2)}/${name}.jpg`;
  const thumbKey = `${name.slice(0, 2)}/${name}-thumb.jpg`;
  const image = await png(16, 12);
  await storage.put(key, image, 'image/png');
  await storage.put(thumbKey, image, 'image/png');
  const row = await w.f.__db.getRepository(Upload).save({
    key,
    thumbKey,
    mime: 'image/png',
    bytes: image.length,
    width: 16,
    height: 12,
    ownerId: userId,
    attachedTo: null,
    attachedId: null,
  });
  mine.set(userId, row.id);
  return row.id;
}

/** A person with no role whose photos nobody else may see. */
const strangers = new WeakMap<World, number>();
async function someoneElse(w: World): Promise<number> {
  if (!strangers.has(w)) strangers.set(w, (await w.f.user({ name: 'photo owner' })).id);
  return strangers.get(w)!;
}

const own =
  (suffix: string) =>
  async (w: World, actor: Actor): Promise<Req> => ({
    method: 'GET',
    url: `/api/v1/uploads/${await uploadOf(w, w.users[actor].id)}${suffix}`,
  });
const foreign =
  (suffix: string) =>
  async (w: World): Promise<Req> => ({
    method: 'GET',
    url: `/api/v1/uploads/${await uploadOf(w, await someoneElse(w))}${suffix}`,
  });

/**
 * Photos. Anyone signed in may upload and read their own; another person's unattached upload is 404 to
 * every role, the platform admin included (`ownerOnly`): no scope reaches a private photo. Who may read
 * an attached photo is decided by the check its domain registers with UploadReaders.
 */
export const UPLOAD_CASES: Case[] = [
  {
    route: 'POST /api/v1/uploads',
    allowed: 'signed-in',
    own: async () => ({
      method: 'POST',
      url: '/api/v1/uploads',
      file: { content: await tinyPng(), filename: 'photo.png', contentType: 'image/png' },
    }),
  },
  { route: 'GET /api/v1/uploads/:id', allowed: 'signed-in', ownerOnly: true, own: own(''), foreign: foreign('') },
  { route: 'GET /api/v1/uploads/:id/file', allowed: 'signed-in', ownerOnly: true, own: own('/file'), foreign: foreign('/file') },
  {
    route: 'GET /api/v1/uploads/:id/thumb',
    allowed: 'signed-in',
    ownerOnly: true,
    own: own('/thumb'),
    foreign: foreign('/thumb'),
  },
];
