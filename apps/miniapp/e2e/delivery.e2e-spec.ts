import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Response } from 'playwright-core';
import { openBrowser, startProduct, type BrowserSession } from './browser';
import { buildingQrToken, byId, open } from './flows';

// Starting the API on a busy machine takes longer than Jest's default 5 s (a hook's limit too).
jest.setTimeout(60_000);

interface Loaded {
  url: string;
  encoding: string | undefined;
  cacheControl: string | undefined;
  /** Bytes on the wire (compressed when the server compressed). */
  transferred: number;
  /** Bytes of the file itself. */
  size: number;
}

/**
 * What a phone downloads to show the report page from a scanned code, as the API serves the H5 build:
 * every script and stylesheet compressed and cached for a year by its hashed name, the page itself
 * revalidated each time. Prints the bytes moved, compressed against plain.
 */
describe('H5 delivery: compressed, long-cached assets', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let s: BrowserSession;

  beforeAll(async () => {
    ({ app, baseUrl } = await startProduct());
    s = await openBrowser('delivery');
  });
  afterAll(async () => {
    await s?.close();
    await app?.close();
  });
  afterEach(() => {
    expect(s.problems).toEqual([]);
  });

  it('sends every script and stylesheet compressed and immutable, and index.html with no-cache', async () => {
    const qr = await buildingQrToken(baseUrl);
    const loaded: Loaded[] = [];
    const pending: Array<Promise<void>> = [];
    const record = (res: Response) => {
      if (!/\.(js|css)$/.test(new URL(res.url()).pathname) && new URL(res.url()).pathname !== '/') return;
      pending.push(
        (async () => {
          const sizes = await res.request().sizes();
          loaded.push({
            url: new URL(res.url()).pathname,
            encoding: res.headers()['content-encoding'],
            cacheControl: res.headers()['cache-control'],
            transferred: sizes.responseBodySize,
            size: (await res.body()).length,
          });
        })(),
      );
    };
    s.page.on('response', record);
    await open(s.page, `${baseUrl}/#/pages/index/index?qr=${qr}`);
    await byId(s.page, 'report-place').waitFor();
    s.page.off('response', record);
    await Promise.all(pending);

    const page = loaded.find((l) => l.url === '/')!;
    expect(page.cacheControl).toBe('no-cache');
    const assets = loaded.filter((l) => l.url !== '/');
    expect(assets.length).toBeGreaterThan(2);
    for (const asset of assets) {
      expect({ url: asset.url, cacheControl: asset.cacheControl }).toEqual({
        url: asset.url,
        cacheControl: 'public, max-age=31536000, immutable',
      });
      // Tiny chunks are not worth compressing (the build skips them).
      if (asset.size > 1024) expect({ url: asset.url, encoding: asset.encoding }).toEqual({ url: asset.url, encoding: 'br' });
    }
    const js = assets.filter((a) => a.url.endsWith('.js'));
    const plain = js.reduce((sum, a) => sum + a.size, 0);
    const sent = js.reduce((sum, a) => sum + a.transferred, 0);
    console.log(
      `report page from a scanned code: ${js.length} scripts, ${(plain / 1024).toFixed(0)} KiB plain, ` +
        `${(sent / 1024).toFixed(0)} KiB transferred (${((100 * sent) / plain).toFixed(0)}%)`,
    );
    expect(sent).toBeLessThan(plain * 0.4);
  });
});
