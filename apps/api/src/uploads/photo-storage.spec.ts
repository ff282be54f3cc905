import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, validateConfig } from '../common/config/app-config';
import { LocalPhotoStorage } from './local-photo-storage';
import { S3PhotoStorage } from './s3-photo-storage';
import { createPhotoStorage } from './storage.provider';

const read = async (body: NodeJS.ReadableStream) => {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

describe('LocalPhotoStorage', () => {
  let root: string;
  let storage: LocalPhotoStorage;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'doorstep-photos-'));
    storage = new LocalPhotoStorage(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes under its root and reads back what it wrote, leaving no partial files', async () => {
    await storage.put('ab/abc123.jpg', Buffer.from('photo'), 'image/jpeg');
    const got = await storage.get('ab/abc123.jpg');
    expect(got?.length).toBe(5);
    expect((await read(got!.body)).toString()).toBe('photo');
    expect(readdirSync(join(root, 'ab'))).toEqual(['abc123.jpg']);
  });

  it('answers null for a missing key and deletes quietly', async () => {
    expect(await storage.get('cd/missing.jpg')).toBeNull();
    await storage.put('cd/x.jpg', Buffer.from('x'), 'image/jpeg');
    await storage.delete('cd/x.jpg');
    await storage.delete('cd/x.jpg');
    expect(await storage.get('cd/x.jpg')).toBeNull();
  });

  it('refuses keys that could leave its directory', async () => {
    for (const key of ['../etc/passwd', 'ab/../../x.jpg', '/abs/x.jpg', 'ab\\x.jpg', 'AB/x.jpg', 'ab/']) {
      await expect(storage.get(key)).rejects.toThrow(/invalid photo storage key/);
    }
  });
});

describe('choosing the photo storage from configuration', () => {
  it('stores locally under DATA_DIR/uploads by default', () => {
    expect(createPhotoStorage(validateConfig({ DATA_DIR: '/tmp/doorstep-x' }))).toBeInstanceOf(LocalPhotoStorage);
  });

  it('needs the bucket and both keys for S3, naming each missing one', () => {
    expect(() => validateConfig({ STORAGE: 's3' })).toThrow(ConfigError);
    try {
      validateConfig({ STORAGE: 's3', S3_ACCESS_KEY_ID: 'AKID' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('S3_BUCKET: required when STORAGE=s3');
      expect(message).toContain('S3_SECRET_ACCESS_KEY: required when STORAGE=s3');
      expect(message).not.toContain('S3_ACCESS_KEY_ID');
    }
    expect(() => validateConfig({ STORAGE: 'ftp' })).toThrow(/STORAGE/);
    expect(() =>
      validateConfig({
        STORAGE: 's3',
        S3_BUCKET: 'b',
        S3_ACCESS_KEY_ID: 'k',
        S3_SECRET_ACCESS_KEY: 's',
        S3_ENDPOINT: 'minio:9000',
      }),
    ).toThrow(/S3_ENDPOINT must be an http\(s\) URL/);
  });

  it('uses S3 when configured', () => {
    const config = validateConfig({
      STORAGE: 's3',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_BUCKET: 'photos',
      S3_ACCESS_KEY_ID: 'AKID',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(config).toMatchObject({ S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: true });
    const storage = createPhotoStorage(config);
    expect(storage).toBeInstanceOf(S3PhotoStorage);
    (storage as S3PhotoStorage).onModuleDestroy();
  });
});
