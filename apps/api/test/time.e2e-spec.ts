import { startTestApp, type TestApp } from './support/test-app';

describe('times are stored and served in UTC', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.signInWithRole('platform_admin', 'platform', 0);
  });
  afterAll(() => t.close());

  it('returns createdAt as the UTC instant it happened, on a server in Asia/Shanghai', async () => {
    // The global setup runs every API test as a server in China would (TZ=Asia/Shanghai).
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(-480);
    const before = Date.now();
    const res = await t.http().post('/api/v1/streets').set('Authorization', admin).send({ name: '时区街道' }).expect(201);
    const read = await t.http().get(`/api/v1/streets/${res.body.id}`).set('Authorization', admin).expect(200);
    expect(read.body.createdAt).toMatch(/Z$/);
    const created = Date.parse(read.body.createdAt);
    expect(Math.abs(created - before)).toBeLessThan(5000);
  });
});
