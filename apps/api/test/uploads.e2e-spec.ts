import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { LIMITS } from '@doorstep/contracts';
import { PhotoStorage } from '../src/uploads/photo-storage';
import { S3PhotoStorage } from '../src/uploads/s3-photo-storage';
import { startOfShanghaiDay } from '../src/common/shanghai-time';
import { Upload } from '../src/uploads/upload.entity';
import { UploadReaders, type AttachmentKind } from '../src/uploads/upload-readers';
import { UploadsService } from '../src/uploads/uploads.service';
import type { User } from '../src/users/user.entity';
import { startFakeS3, type FakeS3 } from './support/fake-s3';
import { factories, type Factories } from './support/factories';
import { gpsTags, jpegMarkers, jpegWithGps, noisyJpeg, noisyPng, png, sidewaysJpeg, webp } from './support/images';
import { rawRequest } from './support/raw-http';
import { startTestApp, type TestApp } from './support/test-app';

const PHOTO_CACHE = 'private, max-age=31536000, immutable';

describe('uploads', () => {
  let t: TestApp;
  let f: Factories;
  let dataDir: string;
  let alice: User;
  let bob: User;
  let aliceAuth: string;
  let bobAuth: string;

  const send = (auth: string, content: Buffer | string, filename = 'photo.jpg', contentType = 'image/jpeg') =>
    t.http().post('/api/v1/uploads').set('Authorization', auth).attach('file', Buffer.from(content), { filename, contentType });
  const fetch = (auth: string, url: string) => t.http().get(url).set('Authorization', auth);
  const stored = async (id: number, variant: 'key' | 'thumbKey' = 'key') =>
    readFileSync(join(dataDir, 'uploads', (await t.db.getRepository(Upload).findOneByOrFail({ id }))[variant]));
  /** An uploaded photo of `auth`'s user; returns its id. */
  const uploaded = async (auth: string) =>
    (await send(auth, await png(40, 30), 'p.png', 'image/png').expect(201)).body.id as number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'doorstep-uploads-'));
    t = await startTestApp({ DATA_DIR: dataDir });
    f = factories(t.db);
    alice = await f.user({ name: '上传者' });
    bob = await f.user({ name: '邻居' });
    aliceAuth = await t.signIn(alice.phone!);
    bobAuth = await t.signIn(bob.phone!);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('POST /api/v1/uploads', () => {
    it('accepts a JPEG, shrinks it to 2048 px and serves it with a long private cache', async () => {
      const res = await send(aliceAuth, await jpegWithGps(3000, 2000)).expect(201);
      const id = res.body.id;
      expect(res.body).toEqual({
        id: expect.any(Number),
        url: `/api/v1/uploads/${id}/file`,
        thumbUrl: `/api/v1/uploads/${id}/thumb`,
        width: 2048,
        height: 1365,
        mime: 'image/jpeg',
        bytes: expect.any(Number),
      });
      const file = await fetch(aliceAuth, res.body.url).expect(200);
      expect(file.headers['content-type']).toBe('image/jpeg');
      expect(file.headers['cache-control']).toBe(PHOTO_CACHE);
      expect(Number(file.headers['content-length'])).toBe(res.body.bytes);
      expect(await sharp(file.body as Buffer).metadata()).toMatchObject({ format: 'jpeg', width: 2048, height: 1365 });
      expect(await fetch(aliceAuth, `/api/v1/uploads/${id}`).expect(200)).toMatchObject({ body: res.body });
    });

    it('strips EXIF, GPS included, from the stored and the served image', async () => {
      const original = await jpegWithGps(1200, 900);
      // The input really carries a position (GPSLatitudeRef, GPSLatitude, GPSLongitudeRef, GPSLongitude).
      expect(gpsTags(original)).toEqual(expect.arrayContaining([1, 2, 3, 4]));
      expect(original.includes('DoorstepTestCam')).toBe(true);
      const { body } = await send(aliceAuth, original).expect(201);
      const served = (await fetch(aliceAuth, body.url).expect(200)).body as Buffer;
      for (const image of [await stored(body.id), await stored(body.id, 'thumbKey'), served]) {
        expect(gpsTags(image)).toEqual([]);
        // Only JFIF's APP0 may remain: no APP1 (EXIF, XMP), APP2 (ICC), APP13 (IPTC).
        expect(jpegMarkers(image).filter((m) => m >= 0xe1 && m <= 0xef)).toEqual([]);
        expect(image.includes('DoorstepTestCam')).toBe(false);
        expect((await sharp(image).metadata()).exif).toBeUndefined();
      }
    });

    it('applies the EXIF orientation before dropping it', async () => {
      const { body } = await send(aliceAuth, await sidewaysJpeg(400, 200)).expect(201);
      expect(body).toMatchObject({ width: 200, height: 400 });
      expect(await sharp(await stored(body.id)).metadata()).toMatchObject({ width: 200, height: 400 });
    });

    it('accepts a PNG and stores it as JPEG, transparency turned white', async () => {
      const { body } = await send(aliceAuth, await png(500, 400, true), 'shot.png', 'image/png').expect(201);
      expect(body).toMatchObject({ width: 500, height: 400, mime: 'image/jpeg' });
      const { data } = await sharp(await stored(body.id))
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect([...data.subarray(0, 3)].every((v) => v > 245)).toBe(true);
    });

    it('accepts a WebP', async () => {
      const { body } = await send(aliceAuth, await webp(800, 600), 'x.webp', 'image/webp').expect(201);
      expect(body).toMatchObject({ width: 800, height: 600, mime: 'image/jpeg' });
    });

    it('makes a thumbnail of at most 320 px, smaller than the display image', async () => {
      const { body } = await send(aliceAuth, await noisyJpeg(1600, 1200)).expect(201);
      const thumb = await fetch(aliceAuth, body.thumbUrl).expect(200);
      expect(thumb.headers['content-type']).toBe('image/jpeg');
      expect(thumb.headers['cache-control']).toBe(PHOTO_CACHE);
      expect(await sharp(thumb.body as Buffer).metadata()).toMatchObject({ width: 320, height: 240 });
      expect((thumb.body as Buffer).length).toBeLessThan(body.bytes);
    });

    it('judges the type by content: a text file named .jpg is 415', async () => {
      const res = await send(aliceAuth, '这不是图片，只是文字', 'photo.jpg', 'image/jpeg').expect(415);
      expect(res.body).toMatchObject({ code: 'UPLOAD_UNSUPPORTED_TYPE', message: '只支持 JPG、PNG、WebP 图片' });
      const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: 'red' } })
        .gif()
        .toBuffer();
      expect((await send(aliceAuth, gif, 'a.png', 'image/png').expect(415)).body.code).toBe('UPLOAD_UNSUPPORTED_TYPE');
    });

    it('refuses an image that does not decode with 422', async () => {
      const whole = await noisyJpeg(800, 600);
      const truncated = whole.subarray(0, Math.floor(whole.length / 2));
      const res = await send(aliceAuth, truncated).expect(422);
      expect(res.body).toMatchObject({ code: 'UPLOAD_UNREADABLE_IMAGE', message: '图片已损坏或无法识别，请重新选择' });
      const pngMagicOnly = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(500)]);
      expect((await send(aliceAuth, pngMagicOnly, 'x.png', 'image/png').expect(422)).body.code).toBe('UPLOAD_UNREADABLE_IMAGE');
    });

    it(`refuses more than ${LIMITS.photoMaxBytes} bytes with 413, and takes photos above the import limit`, async () => {
      const tooBig = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(LIMITS.photoMaxBytes - 2)]);
      expect((await send(aliceAuth, tooBig).expect(413)).body.code).toBe('PAYLOAD_TOO_LARGE');
      // Between the app-wide multipart limit (spreadsheets) and the photo limit: the route's own applies.
      const big = await noisyPng(1500, 1500);
      expect(big.length).toBeGreaterThan(LIMITS.importMaxBytes);
      expect(big.length).toBeLessThan(LIMITS.photoMaxBytes);
      expect((await send(aliceAuth, big, 'big.png', 'image/png').expect(201)).body).toMatchObject({ width: 1500, height: 1500 });
    });

    it('refuses every one of 20 uploads of 9 MiB with 413: a cut-off photo is never processed', async () => {
      const answers = await Promise.all(Array.from({ length: 20 }, () => uploadSplitAtLimit(t, aliceAuth)));
      expect(answers).toEqual(Array(20).fill('413 PAYLOAD_TOO_LARGE'));
    }, 60_000);

    it('wants the photo as the file field', async () => {
      const res = await t
        .http()
        .post('/api/v1/uploads')
        .set('Authorization', aliceAuth)
        .attach('photo', await png(), 'p.png')
        .expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'file' }] });
      const json = await t.http().post('/api/v1/uploads').set('Authorization', aliceAuth).send({ file: 'aGVsbG8=' }).expect(415);
      expect(json.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('keeps nothing of a refused photo', async () => {
      const files = () => readdirSync(join(dataDir, 'uploads'), { recursive: true }).length;
      await uploaded(bobAuth);
      const before = { rows: await t.db.getRepository(Upload).countBy({ ownerId: bob.id }), files: files() };
      await send(bobAuth, 'plain text').expect(415);
      await send(bobAuth, (await noisyJpeg()).subarray(0, 2000)).expect(422);
      expect({ rows: await t.db.getRepository(Upload).countBy({ ownerId: bob.id }), files: files() }).toEqual(before);
    });
  });

  describe('who may read', () => {
    it('another person gets 404 for an unattached upload, as for a missing one', async () => {
      const id = await uploaded(aliceAuth);
      for (const url of [`/api/v1/uploads/${id}`, `/api/v1/uploads/${id}/file`, `/api/v1/uploads/${id}/thumb`]) {
        await fetch(aliceAuth, url).expect(200);
        const res = await fetch(bobAuth, url).expect(404);
        expect(res.body).toMatchObject({ code: 'UPLOAD_NOT_FOUND', message: '图片不存在' });
        expect(res.headers['cache-control']).not.toBe(PHOTO_CACHE);
      }
      expect((await fetch(aliceAuth, '/api/v1/uploads/2147483647').expect(404)).body.code).toBe('UPLOAD_NOT_FOUND');
    });

    it('once attached, whoever the registered check allows may read it too', async () => {
      const kind = 'probe_note' as AttachmentKind;
      const carol = await f.user({ name: '可见者' });
      const readers = t.app.get(UploadReaders);
      const checked: Array<[number, number]> = [];
      const unregister = readers.register(kind, async (who, attachedId) => {
        checked.push([who.userId, attachedId]);
        return who.userId === carol.id && attachedId === 77;
      });
      try {
        const id = await uploaded(aliceAuth);
        await t.app.get(UploadsService).attach(alice.id, [id], kind, 77);
        const carolAuth = await t.signIn(carol.phone!);
        await fetch(carolAuth, `/api/v1/uploads/${id}/file`).expect(200);
        await fetch(aliceAuth, `/api/v1/uploads/${id}/file`).expect(200);
        await fetch(bobAuth, `/api/v1/uploads/${id}/file`).expect(404);
        expect(checked).toEqual(
          expect.arrayContaining([
            [carol.id, 77],
            [bob.id, 77],
          ]),
        );
        // The owner needs no check.
        expect(checked.some(([userId]) => userId === alice.id)).toBe(false);
      } finally {
        unregister();
      }
    });
  });

  describe('UploadsService.attach', () => {
    const kind = 'probe_attach' as AttachmentKind;
    let unregister: () => void;
    let service: UploadsService;
    let nextTarget = 1000;
    const attachedOf = async (id: number) => {
      const row = await t.db.getRepository(Upload).findOneByOrFail({ id });
      return row.attachedTo === null ? null : [row.attachedTo, row.attachedId];
    };
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => {
          throw new Error('attach succeeded');
        },
        (error: { code: string; statusCode: number; details: { reason: string; uploadIds: number[] } }) => error,
      );

    beforeAll(() => {
      service = t.app.get(UploadsService);
      unregister = t.app.get(UploadReaders).register(kind, async () => false);
    });
    afterAll(() => unregister());

    it('attaches the owner’s fresh uploads, and lists them per object', async () => {
      const target = ++nextTarget;
      const ids = [await uploaded(aliceAuth), await uploaded(aliceAuth)];
      await service.attach(alice.id, [...ids, ids[0]], kind, target);
      expect(await attachedOf(ids[0])).toEqual([kind, target]);
      const listed = await service.listAttached(kind, [target, target + 500]);
      expect(listed.get(target)?.map((u) => u.id)).toEqual(ids);
      expect(listed.get(target)?.[0]).toMatchObject({ url: `/api/v1/uploads/${ids[0]}/file` });
      expect(listed.has(target + 500)).toBe(false);
    });

    it('refuses someone else’s upload, or an id that does not exist, and attaches none of the batch', async () => {
      const target = ++nextTarget;
      const mine = await uploaded(aliceAuth);
      const theirs = await uploaded(bobAuth);
      const error = await refusal(service.attach(alice.id, [mine, theirs, 2147483000], kind, target));
      expect(error).toMatchObject({
        code: 'UPLOAD_NOT_ATTACHABLE',
        statusCode: 422,
        details: { reason: 'not_yours', uploadIds: [theirs, 2147483000] },
      });
      expect(await attachedOf(mine)).toBeNull();
    });

    it('refuses an upload already attached, to another object or the same', async () => {
      const first = ++nextTarget;
      const id = await uploaded(aliceAuth);
      await service.attach(alice.id, [id], kind, first);
      for (const target of [++nextTarget, first]) {
        const error = await refusal(service.attach(alice.id, [id], kind, target));
        expect(error).toMatchObject({ code: 'UPLOAD_NOT_ATTACHABLE', details: { reason: 'already_attached', uploadIds: [id] } });
      }
      expect(await attachedOf(id)).toEqual([kind, first]);
    });

    it(`allows ${LIMITS.photosPerTicketMax} photos per object, counting those already attached`, async () => {
      const target = ++nextTarget;
      const ids: number[] = [];
      for (let i = 0; i < LIMITS.photosPerTicketMax + 1; i++) ids.push(await uploaded(aliceAuth));
      const tooMany = await refusal(service.attach(alice.id, ids, kind, target));
      expect(tooMany).toMatchObject({ code: 'UPLOAD_NOT_ATTACHABLE', details: { reason: 'too_many' } });
      await service.attach(alice.id, ids.slice(0, 4), kind, target);
      const oneOver = await refusal(service.attach(alice.id, ids.slice(4), kind, target));
      expect(oneOver).toMatchObject({ details: { reason: 'too_many' } });
      await service.attach(alice.id, ids.slice(4, LIMITS.photosPerTicketMax), kind, target);
      expect((await service.listAttached(kind, [target])).get(target)).toHaveLength(LIMITS.photosPerTicketMax);
      expect(await attachedOf(ids[LIMITS.photosPerTicketMax])).toBeNull();
    });

    it('rolls back with the caller’s transaction', async () => {
      const target = ++nextTarget;
      const id = await uploaded(aliceAuth);
      await expect(
        t.db.transaction(async (tx) => {
          await service.attach(alice.id, [id], kind, target, tx);
          throw new Error('the ticket could not be saved');
        }),
      ).rejects.toThrow('the ticket could not be saved');
      expect(await attachedOf(id)).toBeNull();
    });

    it('will not attach to a kind nobody can read', async () => {
      const id = await uploaded(aliceAuth);
      await expect(service.attach(alice.id, [id], 'unregistered' as AttachmentKind, 1)).rejects.toThrow(/no upload read check/);
      expect(await attachedOf(id)).toBeNull();
    });
  });

  describe('daily cap', () => {
    const rows = (ownerId: number, count: number, createdAt: Date) =>
      Array.from({ length: count }, () => {
        const name = randomBytes(16).toString('hex');
        return {
          key: `${name.slice(0, 2)}/${name}.jpg`,
          thumbKey: `${name.slice(0, 2)}/${name}-thumb.jpg`,
          mime: 'image/jpeg',
          bytes: 1,
          width: 1,
          height: 1,
          ownerId,
          attachedTo: null,
          attachedId: null,
          createdAt,
        };
      });

    it(`allows ${LIMITS.uploadsPerUserDay} uploads per Shanghai day, then 429`, async () => {
      const user = await f.user();
      const auth = await t.signIn(user.phone!);
      await t.db.getRepository(Upload).insert(rows(user.id, LIMITS.uploadsPerUserDay - 1, t.clock.now()));
      await send(auth, await png(), 'p.png', 'image/png').expect(201);
      const res = await send(auth, await png(), 'p.png', 'image/png').expect(429);
      expect(res.body).toMatchObject({ code: 'RATE_LIMITED', details: { limit: LIMITS.uploadsPerUserDay } });
      expect(res.body.message).toContain(`今天已上传 ${LIMITS.uploadsPerUserDay} 张图片`);
    });

    it('counts from midnight in Asia/Shanghai: yesterday’s uploads do not count', async () => {
      const user = await f.user();
      const auth = await t.signIn(user.phone!);
      const lastMomentOfYesterday = new Date(startOfShanghaiDay(t.clock.now()).getTime() - 1);
      await t.db.getRepository(Upload).insert(rows(user.id, LIMITS.uploadsPerUserDay, lastMomentOfYesterday));
      await send(auth, await png(), 'p.png', 'image/png').expect(201);
    });
  });

  describe('S3-compatible storage', () => {
    const credentials = { accessKeyId: 'AKIDDOORSTEPTEST', secretAccessKey: 'fake-secret-for-the-local-s3', region: 'cn-test-1' };
    let s3: FakeS3;
    let t3: TestApp;
    let s3DataDir: string;

    beforeAll(async () => {
      s3 = await startFakeS3(credentials);
      s3DataDir = mkdtempSync(join(tmpdir(), 'doorstep-uploads-s3-'));
      t3 = await startTestApp({
        DATA_DIR: s3DataDir,
        STORAGE: 's3',
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: 'doorstep-photos',
        S3_REGION: credentials.region,
        S3_ACCESS_KEY_ID: credentials.accessKeyId,
        S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        S3_FORCE_PATH_STYLE: 'true',
      });
    });
    afterAll(async () => {
      await t3?.close();
      await s3?.close();
      rmSync(s3DataDir, { recursive: true, force: true });
    });

    it('is what the app injects when STORAGE=s3', () => {
      expect(t3.app.get(PhotoStorage)).toBeInstanceOf(S3PhotoStorage);
    });

    it('stores the display image and thumbnail as objects and serves them back', async () => {
      const user = await factories(t3.db).user();
      const auth = await t3.signIn(user.phone!);
      const { body } = await t3
        .http()
        .post('/api/v1/uploads')
        .set('Authorization', auth)
        .attach('file', await jpegWithGps(900, 600), 'a.jpg')
        .expect(201);
      const row = await t3.db.getRepository(Upload).findOneByOrFail({ id: body.id });
      const display = s3.objects.get(`doorstep-photos/${row.key}`);
      const thumb = s3.objects.get(`doorstep-photos/${row.thumbKey}`);
      expect(display).toMatchObject({ contentType: 'image/jpeg' });
      expect(thumb).toMatchObject({ contentType: 'image/jpeg' });
      expect(gpsTags(display!.body)).toEqual([]);
      const file = await t3.http().get(body.url).set('Authorization', auth).expect(200);
      expect(Buffer.compare(file.body as Buffer, display!.body)).toBe(0);
      expect(file.headers['cache-control']).toBe(PHOTO_CACHE);
      const served = await t3.http().get(body.thumbUrl).set('Authorization', auth).expect(200);
      expect(Buffer.compare(served.body as Buffer, thumb!.body)).toBe(0);
      expect(s3.requests).toEqual(expect.arrayContaining([`PUT /doorstep-photos/${row.key}`, `GET /doorstep-photos/${row.key}`]));
      // Nothing went to the local directory.
      expect(readdirSync(s3DataDir).includes('uploads')).toBe(false);
    });

    it('answers 404 when the object is gone from the bucket', async () => {
      const user = await factories(t3.db).user();
      const auth = await t3.signIn(user.phone!);
      const { body } = await t3
        .http()
        .post('/api/v1/uploads')
        .set('Authorization', auth)
        .attach('file', await png(), 'a.png')
        .expect(201);
      const row = await t3.db.getRepository(Upload).findOneByOrFail({ id: body.id });
      s3.objects.delete(`doorstep-photos/${row.key}`);
      expect((await t3.http().get(body.url).set('Authorization', auth).expect(404)).body.code).toBe('UPLOAD_NOT_FOUND');
    });

    it('puts, gets, and deletes; a missing key is null; a wrong secret is refused', async () => {
      const settings = {
        endpoint: s3.endpoint,
        region: credentials.region,
        bucket: 'doorstep-photos',
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        forcePathStyle: true,
      };
      const storage = new S3PhotoStorage(settings);
      const wrong = new S3PhotoStorage({ ...settings, secretAccessKey: 'not-the-secret' });
      try {
        const data = Buffer.from('bytes of a photo');
        await storage.put('ab/ab12-test.jpg', data, 'image/jpeg');
        const got = await storage.get('ab/ab12-test.jpg');
        const chunks: Buffer[] = [];
        for await (const chunk of got!.body) chunks.push(chunk as Buffer);
        expect(Buffer.concat(chunks).toString()).toBe('bytes of a photo');
        expect(got!.length).toBe(data.length);
        await storage.delete('ab/ab12-test.jpg');
        expect(await storage.get('ab/ab12-test.jpg')).toBeNull();
        await storage.delete('ab/ab12-test.jpg');
        await expect(wrong.put('ab/ab13-test.jpg', data, 'image/jpeg')).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
        expect(s3.objects.has('doorstep-photos/ab/ab13-test.jpg')).toBe(false);
      } finally {
        storage.onModuleDestroy();
        wrong.onModuleDestroy();
      }
    });
  });
});

/**
 * POST /api/v1/uploads of a 9 MiB JPEG, written to the socket in two parts: exactly
 * LIMITS.photoMaxBytes of the file, then the rest. The server then tends to read the excess as a chunk
 * of its own, which busboy drops after marking the file truncated: the case in which the multipart
 * plugin's toBuffer() returned the first 8 MiB as if complete (422 instead of 413, 12 of 20 tries in
 * the attack). Resolves with "status code".
 */
async function uploadSplitAtLimit(t: TestApp, auth: string): Promise<string> {
  const partHead = '--XX\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n';
  const upToLimit = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(LIMITS.photoMaxBytes - 3)]);
  const rest = Buffer.concat([Buffer.alloc(1024 * 1024), Buffer.from('\r\n--XX--\r\n')]);
  const length = partHead.length + upToLimit.length + rest.length;
  const head =
    `POST /api/v1/uploads HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${auth}\r\n` +
    `Content-Type: multipart/form-data; boundary=XX\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`;
  const res = await rawRequest(t, [head + partHead, upToLimit, rest]);
  return `${res.status} ${String(res.body.code)}`;
}
