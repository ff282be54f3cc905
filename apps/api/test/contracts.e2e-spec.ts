import { API_PREFIX, ENDPOINTS } from '@doorstep/contracts';
import { startTestApp, type TestApp } from './support/test-app';

/** The mini-program calls the API through ENDPOINTS; each must name a route the API really serves. */
describe('the shared endpoint map', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('names only routes the API serves, with their method', () => {
    const served = new Set(t.routes.map((r) => `${r.method} ${r.url}`));
    const missing = Object.entries(ENDPOINTS)
      .map(([name, e]) => [name, `${e.method} ${API_PREFIX}${e.path}`] as const)
      .filter(([, route]) => !served.has(route));
    expect(missing).toEqual([]);
  });

  it('marks the creates a phone may retry as idempotent', () => {
    expect(ENDPOINTS.createTicket.idempotent).toBe(true);
    expect(ENDPOINTS.claimHousehold.idempotent).toBe(true);
  });
});
