import { API_PREFIX, ENDPOINTS } from '@doorstep/contracts';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Served under /api/v1 but deliberately not in ENDPOINTS, each with the reason the app never calls it.
 * Keep it short: a route missing from the map is a route the app cannot call with checked types.
 */
const NOT_FOR_THE_APP: Record<string, string> = {
  'POST /api/v1/payments/wechat/notify': 'WeChat Pay calls it with signed, encrypted notifications; the app never does',
};

/** The mini-program calls the API through ENDPOINTS; each must name a route the API really serves. */
describe('the shared endpoint map', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const served = () =>
    t.routes
      .filter((r) => r.url.startsWith(`${API_PREFIX}/`) && r.method !== 'HEAD' && r.method !== 'OPTIONS')
      .map((r) => `${r.method} ${r.url}`);
  const mapped = () => Object.values(ENDPOINTS).map((e) => `${e.method} ${API_PREFIX}${e.path}`);

  it('names only routes the API serves, with their method', () => {
    const routes = new Set(served());
    const missing = Object.entries(ENDPOINTS)
      .map(([name, e]) => [name, `${e.method} ${API_PREFIX}${e.path}`] as const)
      .filter(([, route]) => !routes.has(route));
    expect(missing).toEqual([]);
  });

  it('names every route the API serves, but the few the app never calls', () => {
    const names = new Set(mapped());
    const unnamed = [...new Set(served())].filter((route) => !names.has(route) && !(route in NOT_FOR_THE_APP));
    expect(unnamed.sort()).toEqual([]);
  });

  it('keeps the allow-list honest: every route on it is served and not also in the map', () => {
    const routes = new Set(served());
    const names = new Set(mapped());
    const stale = Object.keys(NOT_FOR_THE_APP).filter((route) => !routes.has(route) || names.has(route));
    expect(stale).toEqual([]);
  });

  it('marks the creates a phone may retry as idempotent', () => {
    expect(ENDPOINTS.createTicket.idempotent).toBe(true);
    expect(ENDPOINTS.claimHousehold.idempotent).toBe(true);
    expect(ENDPOINTS.createFeeItem.idempotent).toBe(true);
    expect(ENDPOINTS.recordPayment.idempotent).toBe(true);
  });
});
