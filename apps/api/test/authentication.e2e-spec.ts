import { AuthChanges } from '../src/auth/auth-changes.service';
import { factories, type Factories } from './support/factories';
import { statementsDuring, waitUntil } from './support/observe';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * A signed access token answers "who is this" without the database: each instance keeps the callers it
 * has seen and learns of sign-outs, revoked sessions and changed roles from one cheap poll of the
 * `auth_changes` feed, so a revocation on one instance holds on every other within the poll interval.
 */
describe('authentication', () => {
  describe('an authenticated request', () => {
    let t: TestApp;
    beforeAll(async () => {
      // No background poll during the count: only the request's own statements are seen.
      t = await startTestApp({ AUTH_SYNC_INTERVAL_MS: '60000' });
    });
    afterAll(() => t.close());

    it('costs no statement beyond its own work once the caller is known', async () => {
      const user = await factories(t.db).user();
      const auth = await t.signIn(user.phone!);
      const get = () => t.http().get(`/api/v1/users/${user.id}`).set('Authorization', auth).expect(200);
      await get();
      const statements = await statementsDuring(t.db, get);
      // GET /users/:id reads the user: that one statement is the handler's.
      expect(statements).toEqual([expect.stringMatching(/FROM .users./)]);
    });

    it('refuses a revoked session without asking the database again', async () => {
      const user = await factories(t.db).user();
      const auth = await t.signIn(user.phone!);
      await t.http().post('/api/v1/auth/logout').set('Authorization', auth).expect(204);
      await t.http().get('/api/v1/me').set('Authorization', auth).expect(401);
      const statements = await statementsDuring(t.db, () => t.http().get('/api/v1/me').set('Authorization', auth).expect(401));
      expect(statements).toEqual([]);
    });

    it('purges old feed rows; a revocation already learnt still holds', async () => {
      const user = await factories(t.db).user();
      const auth = await t.signIn(user.phone!);
      await t.http().post('/api/v1/auth/logout').set('Authorization', auth).expect(204);
      const changes = t.app.get(AuthChanges);
      expect(await changes.purgeBefore(new Date(Date.now() + 60_000))).toBeGreaterThan(0);
      expect(Number((await t.db.query('SELECT COUNT(*) AS n FROM auth_changes'))[0].n)).toBe(0);
      await t.http().get('/api/v1/me').set('Authorization', auth).expect(401);
    });
  });

  describe('two instances on one database', () => {
    let a: TestApp;
    let b: TestApp;
    let f: Factories;
    let platform: string;
    const SYNC = { AUTH_SYNC_INTERVAL_MS: '200' };

    // Two API instances to start: more than Jest's default 5 s on a busy machine.
    beforeAll(async () => {
      a = await startTestApp(SYNC);
      b = await startTestApp(SYNC, { sameDatabaseAs: a });
      f = factories(a.db);
      platform = await a.signInWithRole('platform_admin', 'platform', 0);
    }, 60_000);
    afterAll(async () => {
      await b.close();
      await a.close();
    });

    const status = async (app: TestApp, url: string, auth: string) =>
      (await app.http().get(url).set('Authorization', auth)).status;

    it('refuses a token signed out on A on B as well, within the poll interval', async () => {
      const user = await f.user();
      const auth = await a.signIn(user.phone!);
      expect(await status(b, '/api/v1/me', auth)).toBe(200);
      expect(await status(a, '/api/v1/me', auth)).toBe(200);
      await a.http().post('/api/v1/auth/logout').set('Authorization', auth).expect(204);
      expect(await status(a, '/api/v1/me', auth)).toBe(401);
      await waitUntil('B refuses the signed-out token', async () => (await status(b, '/api/v1/me', auth)) === 401);
    });

    it('takes a removed role away on B, and a granted one gives it on B, within the poll interval', async () => {
      const street = await f.street();
      const community = await f.community(street.id);
      const company = await f.company();
      await f.compound(community.id, { companyId: company.id, managementMode: 'company' });
      const user = await f.user();
      const role = await f.role(user.id, 'staff', 'company', company.id);
      const auth = await a.signIn(user.phone!);
      expect(await status(b, '/api/v1/tickets/tasks', auth)).toBe(200);

      await a.http().delete(`/api/v1/role-assignments/${role.id}`).set('Authorization', platform).expect(204);
      expect(await status(a, '/api/v1/tickets/tasks', auth)).toBe(403);
      await waitUntil('B refuses the removed role', async () => (await status(b, '/api/v1/tickets/tasks', auth)) === 403);

      await a
        .http()
        .post('/api/v1/role-assignments')
        .set('Authorization', platform)
        .send({ userId: user.id, role: 'staff', scopeType: 'company', scopeId: company.id })
        .expect(201);
      expect(await status(a, '/api/v1/tickets/tasks', auth)).toBe(200);
      await waitUntil('B honours the new role', async () => (await status(b, '/api/v1/tickets/tasks', auth)) === 200);
    });

    it('refuses on B a session that A revoked because its refresh token was replayed', async () => {
      const user = await f.user();
      const pair = await a.tokens(user.phone!);
      const auth = `Bearer ${pair.accessToken}`;
      expect(await status(b, '/api/v1/me', auth)).toBe(200);
      await a.http().post('/api/v1/auth/refresh').send({ refreshToken: pair.refreshToken }).expect(200);
      await a.http().post('/api/v1/auth/refresh').send({ refreshToken: pair.refreshToken }).expect(401);
      await waitUntil('B refuses the leaked session', async () => (await status(b, '/api/v1/me', auth)) === 401);
    });
  });
});
