import { createHmac } from 'node:crypto';
import { DEMO_ACCOUNTS } from '../src/seed/demo-accounts';
import { startFakeWechat, type FakeWechat } from './support/fake-wechat';
import { factories } from './support/factories';
import { startTestApp, TEST_ENV, type TestApp } from './support/test-app';

describe('sign-in', () => {
  let wechat: FakeWechat;
  let t: TestApp;

  beforeAll(async () => {
    wechat = await startFakeWechat();
    t = await startTestApp({
      WECHAT_API_BASE: wechat.baseUrl,
      WECHAT_APPID: 'wx-test-app',
      WECHAT_SECRET: 'wx-test-secret',
      WECHAT_TIMEOUT_MS: '500',
    });
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
  });

  describe('POST /api/v1/auth/wechat', () => {
    it('signs a new WeChat user in and keeps session_key on the server', async () => {
      const res = await t.http().post('/api/v1/auth/wechat').send({ code: 'ok-alice' }).expect(200);
      expect(res.body).toMatchObject({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        user: { name: '微信用户' },
      });
      expect(JSON.stringify(res.body)).not.toContain('session-key');
      const call = wechat.calls[wechat.calls.length - 1];
      expect(Object.fromEntries(call)).toEqual({
        appid: 'wx-test-app',
        secret: 'wx-test-secret',
        js_code: 'ok-alice',
        grant_type: 'authorization_code',
      });
      const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
      expect(JSON.stringify(me.body)).not.toContain('session-key');
      const [row] = await t.db.query('SELECT wechat_session_key AS k FROM users WHERE openid = ?', ['openid-alice']);
      expect(row.k).toBe('session-key-alice');
    });

    it('signs the same openid into the same user again', async () => {
      const first = await t.http().post('/api/v1/auth/wechat').send({ code: 'ok-bob' }).expect(200);
      const second = await t.http().post('/api/v1/auth/wechat').send({ code: 'ok-bob' }).expect(200);
      expect(second.body.user.id).toBe(first.body.user.id);
    });

    it('answers an invalid code (40029) with 401 WECHAT_CODE_INVALID', async () => {
      const res = await t.http().post('/api/v1/auth/wechat').send({ code: 'invalid' }).expect(401);
      expect(res.body).toMatchObject({ code: 'WECHAT_CODE_INVALID', details: { errcode: 40029 } });
    });

    it('answers WeChat rate limiting (45011) with 429', async () => {
      const res = await t.http().post('/api/v1/auth/wechat').send({ code: 'limited' }).expect(429);
      expect(res.body.code).toBe('WECHAT_RATE_LIMITED');
    });

    it('retries once when WeChat is busy (-1) and succeeds', async () => {
      const before = wechat.calls.length;
      const res = await t.http().post('/api/v1/auth/wechat').send({ code: 'busy-once-carol' }).expect(200);
      expect(res.body.user.id).toEqual(expect.any(Number));
      expect(wechat.calls.length - before).toBe(2);
    });

    it('answers 503 WECHAT_UNAVAILABLE when WeChat stays busy', async () => {
      const res = await t.http().post('/api/v1/auth/wechat').send({ code: 'busy' }).expect(503);
      expect(res.body.code).toBe('WECHAT_UNAVAILABLE');
    });

    it('answers 503 WECHAT_UNAVAILABLE when WeChat times out', async () => {
      const res = await t.http().post('/api/v1/auth/wechat').send({ code: 'slow' }).expect(503);
      expect(res.body.code).toBe('WECHAT_UNAVAILABLE');
    });

    it('answers 503 WECHAT_UNAVAILABLE when WeChat answers garbage', async () => {
      const res = await t.http().post('/api/v1/auth/wechat').send({ code: 'broken' }).expect(503);
      expect(res.body.code).toBe('WECHAT_UNAVAILABLE');
    });

    it('refuses an empty code', async () => {
      const res = await t.http().post('/api/v1/auth/wechat').send({ code: '' }).expect(400);
      expect(res.body.details[0].field).toBe('code');
    });
  });

  describe('POST /api/v1/auth/demo', () => {
    it('answers 404 USER_NOT_FOUND for an unknown phone', async () => {
      const res = await t.http().post('/api/v1/auth/demo').send({ phone: '13912345678' }).expect(404);
      expect(res.body.code).toBe('USER_NOT_FOUND');
    });

    it('signs in only as a seeded demo account: any other user, a platform admin included, is unknown to it', async () => {
      const f = factories(t.db);
      const admin = await f.user({ name: '真管理员' });
      await f.role(admin.id, 'platform_admin', 'platform', 0);
      const res = await t.http().post('/api/v1/auth/demo').send({ phone: admin.phone }).expect(404);
      expect(res.body).toEqual({ statusCode: 404, code: 'USER_NOT_FOUND', message: expect.any(String) });
      const resident = await f.user();
      await t.http().post('/api/v1/auth/demo').send({ phone: resident.phone }).expect(404);
    });

    it('signs in as a seeded demo account', async () => {
      const [account] = DEMO_ACCOUNTS;
      await factories(t.db).user({ name: account.name, phone: account.phone });
      const res = await t.http().post('/api/v1/auth/demo').send({ phone: account.phone }).expect(200);
      expect(res.body.user.name).toBe(account.name);
    });

    it('does not exist when demo sign-in is off, and /health does not say whether it is on', async () => {
      const off = await startTestApp({ DEMO_LOGIN: 'false' });
      try {
        const unknownRoute = await off.http().post('/api/v1/auth/nothing-here').send({ phone: '13800000001' }).expect(404);
        const demo = await off.http().post('/api/v1/auth/demo').send({ phone: '13800000001' }).expect(404);
        expect(demo.body).toEqual(unknownRoute.body);
        const users = await off.http().get('/api/v1/auth/demo-users').expect(404);
        expect(users.body).toEqual(unknownRoute.body);
        const health = await off.http().get('/api/v1/health').expect(200);
        expect(health.body).not.toHaveProperty('demoLogin');
        const on = await t.http().get('/api/v1/health').expect(200);
        expect(Object.keys(on.body).sort()).toEqual(Object.keys(health.body).sort());
      } finally {
        await off.close();
      }
    });
  });

  describe('tokens', () => {
    let phone: string;
    beforeAll(async () => {
      phone = (await factories(t.db).user()).phone!;
    });

    it('rotates the refresh token: the new one works, the old one ends the session', async () => {
      const first = await t.tokens(phone);
      const refreshed = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200);
      expect(refreshed.body.refreshToken).not.toBe(first.refreshToken);
      await t.http().get('/api/v1/me').set('Authorization', `Bearer ${refreshed.body.accessToken}`).expect(200);

      const replay = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
      expect(replay.body.code).toBe('REFRESH_TOKEN_INVALID');
      // A replayed token means it leaked: the whole session is over, including the newest tokens.
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: refreshed.body.refreshToken }).expect(401);
      await t.http().get('/api/v1/me').set('Authorization', `Bearer ${refreshed.body.accessToken}`).expect(401);
    });

    it('signs out: the access and refresh tokens stop working', async () => {
      const pair = await t.tokens(phone);
      const auth = `Bearer ${pair.accessToken}`;
      await t.http().post('/api/v1/auth/logout').set('Authorization', auth).expect(204);
      await t.http().get('/api/v1/me').set('Authorization', auth).expect(401);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: pair.refreshToken }).expect(401);
    });

    it('answers an expired access token with 401 TOKEN_EXPIRED, and refresh still works', async () => {
      const pair = await t.tokens(phone);
      t.clock.advance(16 * 60 * 1000);
      const res = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${pair.accessToken}`).expect(401);
      expect(res.body.code).toBe('TOKEN_EXPIRED');
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: pair.refreshToken }).expect(200);
    });

    it('answers a signed token with claims of the wrong shape or without exp with 401, never 500', async () => {
      const pair = await t.tokens(phone);
      const { sub, sid } = JSON.parse(Buffer.from(pair.accessToken.split('.')[1], 'base64url').toString()) as {
        sub: number;
        sid: number;
      };
      const exp = Math.floor(t.clock.now().getTime() / 1000) + 60;
      const forged = [
        { sub, sid: { id: sid }, exp },
        { sub, sid: [sid], exp },
        { sub, sid: String(sid), exp },
        { sub, sid: sid + 0.5, exp },
        { sub: -sub, sid, exp },
        { sub: { $ne: 0 }, sid, exp },
        { sid, exp },
        // Valid ids, but a token that never expires (or whose expiry is not a time) is not one we issue.
        { sub, sid },
        { sub, sid, exp: 'later' },
        { sub, sid, exp: [exp] },
      ].map(signHs256);
      for (const token of forged) {
        const res = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
      }
      await t
        .http()
        .get('/api/v1/me')
        .set('Authorization', `Bearer ${signHs256({ sub, sid, exp })}`)
        .expect(200);
    });

    it('refuses malformed refresh tokens', async () => {
      for (const refreshToken of ['nope', '0.abc', '99999.abc', '1.']) {
        const res = await t.http().post('/api/v1/auth/refresh').send({ refreshToken }).expect(401);
        expect(res.body.code).toBe('REFRESH_TOKEN_INVALID');
      }
    });
  });
});

/** A token signed with the test secret, whatever its claims (jsonwebtoken refuses to sign odd ones). */
function signHs256(claims: object): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', TEST_ENV.JWT_SECRET).update(unsigned).digest('base64url')}`;
}
