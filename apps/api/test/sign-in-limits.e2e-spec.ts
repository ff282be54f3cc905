import { SignInLimiter } from '../src/auth/sign-in-limiter.service';
import { startTestApp, type TestApp } from './support/test-app';

const LIMITS = {
  SIGN_IN_LIMIT_PER_IP: '6',
  SIGN_IN_LIMIT_PER_ACCOUNT: '3',
  SIGN_IN_LIMIT_WINDOW_SECONDS: '60',
};

/**
 * Sign-in routes are rate limited per route and client address (and per account where the request names
 * one), counted in the database so that every API instance behind the load balancer sees the same count.
 */
describe('sign-in rate limits', () => {
  let a: TestApp;
  let b: TestApp;
  let n = 0;

  // Two API instances to start: more than Jest's default 5 s on a busy machine.
  beforeAll(async () => {
    a = await startTestApp(LIMITS);
    b = await startTestApp(LIMITS, { sameDatabaseAs: a });
  }, 60_000);
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  /** A client address of its own per test, as the trusted proxy in front of the API reports it. */
  const newClient = () => `203.0.113.${++n}`;
  /** Alternates between the two instances, as a load balancer would. */
  const post = (i: number, url: string, ip: string, body: object) =>
    [a, b][i % 2].http().post(url).set('X-Forwarded-For', ip).send(body);

  function expectLimited(res: { status: number; body: unknown; headers: Record<string, string> }): void {
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ statusCode: 429, code: 'RATE_LIMITED', message: expect.any(String) });
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  }

  describe('POST /api/v1/auth/demo', () => {
    it('counts one account’s attempts across both instances and answers 429 with Retry-After', async () => {
      const ip = newClient();
      for (let i = 0; i < 3; i++) expect((await post(i, '/api/v1/auth/demo', ip, { phone: '13912340001' })).status).toBe(404);
      expectLimited(await post(3, '/api/v1/auth/demo', ip, { phone: '13912340001' }));
      expectLimited(await post(4, '/api/v1/auth/demo', ip, { phone: '13912340001' }));
      // Another account from the same address still has attempts left, until the address's own limit.
      expect((await post(5, '/api/v1/auth/demo', ip, { phone: '13912340002' })).status).toBe(404);
      // Another client is not affected.
      expect((await post(6, '/api/v1/auth/demo', newClient(), { phone: '13912340001' })).status).toBe(404);
    });

    it('limits one address however many accounts it tries', async () => {
      const ip = newClient();
      for (let i = 0; i < 6; i++) {
        expect((await post(i, '/api/v1/auth/demo', ip, { phone: `1391234${String(1000 + i)}` })).status).toBe(404);
      }
      expectLimited(await post(6, '/api/v1/auth/demo', ip, { phone: '13912349999' }));
    });

    it('starts afresh in the next window, and the periodic purge removes spent counters', async () => {
      const ip = newClient();
      for (let i = 0; i < 3; i++) await post(i, '/api/v1/auth/demo', ip, { phone: '13912340003' });
      expectLimited(await post(3, '/api/v1/auth/demo', ip, { phone: '13912340003' }));
      for (const app of [a, b]) app.clock.advance(61_000);
      expect((await post(4, '/api/v1/auth/demo', ip, { phone: '13912340003' })).status).toBe(404);

      const count = async () => Number((await a.db.query('SELECT COUNT(*) AS n FROM rate_limit_buckets'))[0].n);
      const before = await count();
      expect(await a.app.get(SignInLimiter).purgeExpired()).toBeGreaterThan(0);
      expect(await count()).toBeLessThan(before);
      for (const app of [a, b]) app.clock.advance(61_000);
      await b.app.get(SignInLimiter).purgeExpired();
      expect(await count()).toBe(0);
    });
  });

  describe('POST /api/v1/auth/refresh', () => {
    it('limits refresh attempts across both instances', async () => {
      const ip = newClient();
      for (let i = 0; i < 3; i++) {
        expect((await post(i, '/api/v1/auth/refresh', ip, { refreshToken: '77.nope' })).body.code).toBe('REFRESH_TOKEN_INVALID');
      }
      expectLimited(await post(3, '/api/v1/auth/refresh', ip, { refreshToken: '77.nope' }));
    });
  });

  describe('POST /api/v1/auth/wechat', () => {
    it('limits an address before asking WeChat', async () => {
      const ip = newClient();
      for (let i = 0; i < 6; i++) expect((await post(i, '/api/v1/auth/wechat', ip, { code: `code-${i}` })).status).not.toBe(429);
      expectLimited(await post(6, '/api/v1/auth/wechat', ip, { code: 'code-7' }));
    });
  });

  it('does not take the client address from X-Forwarded-For unless the peer is a trusted proxy', async () => {
    const direct = await startTestApp({ ...LIMITS, TRUST_PROXY: 'false' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        const res = await direct
          .http()
          .post('/api/v1/auth/demo')
          .set('X-Forwarded-For', `198.51.100.${i}`)
          .send({ phone: `1391235${String(1000 + i)}` });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 429]);
    } finally {
      await direct.close();
    }
  });
});
