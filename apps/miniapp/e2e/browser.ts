import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../api/src/app.factory';

const CHROMIUM_CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

export const OUTPUT_DIR = resolve(__dirname, '../../../test-output/h5');
const H5_DIR = resolve(__dirname, '../dist/h5');

function chromiumPath(): string {
  const found = CHROMIUM_CANDIDATES.find((p) => p && existsSync(p));
  if (!found) {
    throw new Error(
      'Browser tests need Chromium: apt-get install -y chromium (or set CHROMIUM_PATH). Playwright downloads are not used.',
    );
  }
  return found;
}

/** The real API on a fresh embedded database with the demo data, serving the H5 build. */
export async function startProduct(
  extraEnv: Record<string, string> = {},
): Promise<{ app: NestFastifyApplication; baseUrl: string }> {
  if (!existsSync(join(H5_DIR, 'index.html'))) throw new Error(`no H5 build in ${H5_DIR}: run the README test command`);
  const { app } = await createApp({
    env: {
      NODE_ENV: 'test',
      JWT_SECRET: 'browser-test-secret-long-enough-for-hs256',
      DEMO_LOGIN: 'true',
      SEED_DEMO: 'true',
      LOG_LEVEL: 'silent',
      H5_DIR,
      // Its own directory per product: browser test files run in parallel and store uploaded photos.
      DATA_DIR: mkdtempSync(join(tmpdir(), 'doorstep-h5-test-')),
      ...extraEnv,
    },
    database: { dataDir: '', sqlitePath: ':memory:' },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, baseUrl: await app.getUrl().then((u) => u.replace('[::1]', '127.0.0.1')) };
}

export interface BrowserSession {
  browser: Browser;
  page: Page;
  /** Console errors and page errors seen so far; a test fails if any appear. */
  problems: string[];
  /** Where this test's screenshots go. */
  dir: string;
  screenshot: (name: string) => Promise<void>;
  close: () => Promise<void>;
}

export async function openBrowser(testName: string): Promise<BrowserSession> {
  // Playwright gives every launch a fresh, throw-away profile.
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // A phone-sized viewport: the app is a mini-program first.
  const page = await browser.newPage({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  const dir = join(OUTPUT_DIR, testName);
  // Only this run's pictures: numbering restarts, so stale ones would mislead.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let step = 0;
  return {
    browser,
    page,
    problems,
    dir,
    screenshot: async (name) => {
      // Let a page's slide-in transition finish, so the picture shows where things end up.
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(dir, `${String(++step).padStart(2, '0')}-${name}.png`), fullPage: true });
    },
    close: () => browser.close(),
  };
}
