import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from './support/test-app';

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes on the wire, still encoded (supertest and fetch would inflate them). */
  body: Buffer;
}

function getRaw(url: string, acceptEncoding: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

/**
 * The H5 build as the API serves it: what a build leaves in dist/h5 (index.html, content-hashed
 * scripts with their .br and .gz copies) and the headers a phone gets for each.
 */
describe('GET / and the H5 assets', () => {
  let t: TestApp;
  let dir: string;
  const script = `console.log(${JSON.stringify('家门口'.repeat(4000))});\n`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doorstep-h5-static-'));
    mkdirSync(join(dir, 'js'));
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><html><head><script defer src="/js/app.0123abcd.js"></script></head></html>',
    );
    writeFileSync(join(dir, 'js/app.0123abcd.js'), script);
    writeFileSync(join(dir, 'js/app.0123abcd.js.br'), brotliCompressSync(script));
    writeFileSync(join(dir, 'js/app.0123abcd.js.gz'), gzipSync(script));
    t = await startTestApp({ H5_DIR: dir });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = async (path: string, acceptEncoding: string) => {
    const res = await getRaw(`${(await t.app.getUrl()).replace('[::1]', '127.0.0.1')}${path}`, acceptEncoding);
    expect(res.status).toBe(200);
    return res;
  };

  it('sends the brotli copy of a hashed script to a browser that takes it, cached for a year', async () => {
    const res = await get('/js/app.0123abcd.js', 'gzip, deflate, br');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(res.body).toString()).toBe(script);
    expect(res.body.length).toBeLessThan(Buffer.byteLength(script) / 5);
  });

  it('sends gzip to a browser without brotli, and the plain file to one that takes neither', async () => {
    const gz = await get('/js/app.0123abcd.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const plain = await get('/js/app.0123abcd.js', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body.toString()).toBe(script);
  });

  it('has index.html revalidated on every load, so a new release shows at once', async () => {
    for (const path of ['/', '/index.html']) {
      const res = await get(path, 'gzip, deflate, br');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-type']).toMatch(/html/);
    }
  });

  it('leaves the API’s own caching alone', async () => {
    const res = await t.http().get('/api/v1/health').expect(200);
    expect(res.headers['cache-control'] ?? '').not.toMatch(/immutable/);
  });
});
