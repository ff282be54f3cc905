import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { BrowserSession } from './browser';

/** sharp comes with the API (it processes uploads): a real JPEG, as a phone camera would give. */
const sharp = createRequire(resolve(__dirname, '../../api/package.json'))('sharp') as typeof import('sharp');

export async function photo(color: { r: number; g: number; b: number }): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 900, channels: 3, background: color } })
    .composite([
      {
        input: Buffer.from('<svg width="1200" height="900"><circle cx="600" cy="450" r="300" fill="white"/></svg>'),
        top: 0,
        left: 0,
      },
    ])
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** The API directly, for what a person would have on paper (the QR code on the stairwell). */
export async function api<T>(
  baseUrl: string,
  path: string,
  init: { token?: string; method?: string; body?: unknown } = {},
): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** An access token for a demo account, for setting up what a test needs through the API. */
export async function demoToken(baseUrl: string, phone: string): Promise<string> {
  return (await api<{ accessToken: string }>(baseUrl, '/auth/demo', { body: { phone } })).accessToken;
}

/** What a scanned code opens: the compound and the categories that can be reported there. */
export async function scanned(baseUrl: string, qr: string) {
  return api<{ compound: { id: number }; categories: Array<{ id: number; name: string }> }>(baseUrl, `/qr-codes/resolve/${qr}`);
}

/** The token printed on the QR code of 幸福里小区 1号楼 (seeded). */
export async function buildingQrToken(baseUrl: string): Promise<string> {
  const token = await demoToken(baseUrl, '13800000005');
  const compounds = await api<{ items: Array<{ id: number; name: string }> }>(baseUrl, '/compounds', { token });
  const compound = compounds.items.find((c) => c.name === '幸福里小区')!;
  const codes = await api<{ items: Array<{ token: string; buildingName: string | null; revokedAt: string | null }> }>(
    baseUrl,
    `/qr-codes?compoundId=${compound.id}&limit=100`,
    { token },
  );
  return codes.items.find((c) => c.buildingName === '1号楼' && !c.revokedAt)!.token;
}

/** Taro's H5 inputs are custom elements wrapping the real <input>/<textarea>. */
export async function typeInto(field: Locator, text: string): Promise<void> {
  const inner = field.locator('input, textarea').first();
  await inner.fill(text);
}

/**
 * The element with this test id on the page being shown. Taro's H5 router keeps the pages below the
 * current one in the DOM (hidden), as a mini-program keeps its page stack.
 */
export function byId(page: Page, testId: string): Locator {
  return page.getByTestId(testId).filter({ visible: true });
}

/** Opens a URL as a fresh load, as tapping a link from outside the app does (a new page stack). */
export async function open(page: Page, url: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(url);
}

export async function signIn(s: BrowserSession, baseUrl: string, phone: string, name: string): Promise<void> {
  await open(s.page, `${baseUrl}/#/pages/me/index`);
  await byId(s.page, `demo-user-${phone}`).click();
  await byId(s.page, 'signed-in-name').filter({ hasText: name }).waitFor();
}

export async function signOut(s: BrowserSession, baseUrl: string): Promise<void> {
  await open(s.page, `${baseUrl}/#/pages/me/index`);
  await byId(s.page, 'sign-out').click();
  // 退出登录 asks first.
  await s.page.locator('.taro-modal__content .taro-model__confirm').filter({ visible: true }).click();
  await byId(s.page, 'demo-user-13800000007').waitFor();
}

/** Waits for the ticket page to show `label` as the status (TICKET_STATUS_LABELS). */
export async function expectStatus(page: Page, label: string): Promise<void> {
  await byId(page, 'ticket-summary').getByTestId('ticket-status').filter({ hasText: label }).waitFor();
}

/** Taps an action button, lets `fill` complete its form, and confirms. */
export async function act(page: Page, action: string, fill?: (form: Locator) => Promise<void>): Promise<void> {
  await byId(page, `action-${action}`).click();
  const form = page.locator(`[data-testid="action-form"][data-action="${action}"]`).filter({ visible: true });
  await form.waitFor();
  if (fill) await fill(form);
  await form.getByTestId('action-submit').click();
}

/** Picks a photo through the page's file chooser (Taro's H5 chooseImage is an <input type=file>). */
export async function addPhoto(page: Page, scope: Locator, jpeg: Buffer, name: string): Promise<void> {
  const before = await scope.getByTestId('photo-tile').count();
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    scope.getByTestId('add-photo').filter({ visible: true }).click(),
  ]);
  await chooser.setFiles({ name, mimeType: 'image/jpeg', buffer: jpeg });
  await scope.locator('[data-testid="photo-tile"][data-status="done"]').nth(before).waitFor({ timeout: 20_000 });
}

export async function timelineActions(page: Page): Promise<string[]> {
  return byId(page, 'timeline')
    .getByTestId('timeline-item')
    .evaluateAll((items) => items.map((i) => i.getAttribute('data-action') ?? ''));
}

/** The next person picks up the phone: sign the current one out and the next one in. */
export async function switchUser(s: BrowserSession, baseUrl: string, phone: string, name: string): Promise<void> {
  await signOut(s, baseUrl);
  await signIn(s, baseUrl, phone, name);
}
