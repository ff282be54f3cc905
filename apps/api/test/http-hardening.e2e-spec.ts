import { Writable } from 'node:stream';
import { RoleAssignment } from '../src/users/role-assignment.entity';
import { factories, type Factories } from './support/factories';
import { ID_ALIASES, nestedJson } from './support/hostile-input';
import { rawRequest } from './support/raw-http';
import { startTestApp, type TestApp } from './support/test-app';

describe('HTTP input hardening', () => {
  let t: TestApp;
  let f: Factories;
  let admin: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    const logTo = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    t = await startTestApp({ LOG_LEVEL: 'info' }, { logTo });
    f = factories(t.db);
    admin = await t.signInWithRole('platform_admin', 'platform', 0);
  });
  afterAll(() => t.close());

  const expectShape = (body: Record<string, unknown>, statusCode: number, code: string) =>
    expect(body).toEqual({ statusCode, code, message: expect.any(String), ...(body.details ? { details: body.details } : {}) });

  describe('deeply nested JSON', () => {
    it('answers 3,000 levels on POST /api/v1/auth/demo with 400 JSON_TOO_COMPLEX, unauthenticated', async () => {
      const res = await t.http().post('/api/v1/auth/demo').set('content-type', 'application/json').send(nestedJson(3000));
      expectShape(res.body, 400, 'JSON_TOO_COMPLEX');
      expect(res.body.details).toMatchObject({ limit: 'depth', maxDepth: 32 });
    });

    it('answers 400,000 levels on a signed-in route with 400 too', async () => {
      const res = await t
        .http()
        .post('/api/v1/streets')
        .set('Authorization', admin)
        .set('content-type', 'application/json')
        .send(nestedJson(400_000));
      expectShape(res.body, 400, 'JSON_TOO_COMPLEX');
    });

    it('lets 31 levels through to validation, counts brackets inside strings as text', async () => {
      const allowed = await t.http().post('/api/v1/auth/demo').set('content-type', 'application/json').send(nestedJson(31));
      expect([allowed.status, allowed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const inString = await t
        .http()
        .post('/api/v1/auth/demo')
        .send({ phone: '['.repeat(5000) });
      expect([inString.status, inString.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('refuses more than 10,000 entries with 400 JSON_TOO_COMPLEX', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/demo')
        .send({ phone: Array.from({ length: 10_001 }, () => 1) });
      expectShape(res.body, 400, 'JSON_TOO_COMPLEX');
      expect(res.body.details).toMatchObject({ limit: 'elements' });
    });
  });

  describe('path ids', () => {
    it('answers every id alias on every route with an id with 400 naming the parameter', async () => {
      const routes = t.routes.filter((r) => r.url.startsWith('/api/v1') && /:\w*(id|Id)\b/.test(r.url) && r.method !== 'HEAD');
      expect(routes.length).toBeGreaterThan(40);
      const wrong: string[] = [];
      // Every id parameter of a route in turn (compounds/:id/category-settings/:categoryId has two),
      // the others given a valid id, so the answer can only be about this one.
      const targets = routes.flatMap((route) =>
        [...route.url.matchAll(/:(\w*(?:id|Id))\b/g)].map(([, param]) => ({ route, param })),
      );
      for (const { route, param } of targets) {
        await Promise.all(
          ID_ALIASES.map(async (alias) => {
            const url = route.url.replace(/:(\w*(?:id|Id))\b/g, (_, name: string) => (name === param ? alias : '1'));
            let req = t.http()[route.method.toLowerCase() as 'get'](url).set('Authorization', admin);
            if (route.method !== 'GET' && route.method !== 'DELETE') req = req.send({});
            const res = await req;
            const named = Array.isArray(res.body.details) && res.body.details.some((d: { field: string }) => d.field === param);
            if (res.status !== 400 || res.body.code !== 'VALIDATION_FAILED' || !named)
              wrong.push(`${route.method} ${url} → ${res.status}`);
          }),
        );
      }
      expect(wrong).toEqual([]);
    }, 60_000);

    it('holds query ids declared with QueryId to the same rule', async () => {
      for (const alias of ['+1', '0x1', '1e0', '01']) {
        const res = await t
          .http()
          .get(`/api/v1/households?compoundId=${encodeURIComponent(alias)}`)
          .set('Authorization', admin);
        expect([res.status, res.body.details?.[0]?.field]).toEqual([400, 'compoundId']);
      }
    });

    it('DELETE /api/v1/role-assignments/+1 deletes nothing', async () => {
      const user = await f.user();
      const assignment = await f.role(user.id, 'street_admin', 'street', (await f.street()).id);
      await t.http().delete(`/api/v1/role-assignments/+${assignment.id}`).set('Authorization', admin).expect(400);
      await t.http().delete(`/api/v1/role-assignments/0${assignment.id}`).set('Authorization', admin).expect(400);
      expect(await t.db.getRepository(RoleAssignment).countBy({ id: assignment.id })).toBe(1);
    });
  });

  describe('malformed multipart', () => {
    const routes = () => ['/api/v1/uploads', `/api/v1/compounds/1/households/import`];
    const noClosing =
      '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n楼栋,单元,房号,面积\r\n';

    it('answers a body without a boundary with 400 MALFORMED_MULTIPART', async () => {
      for (const url of routes()) {
        const res = await t
          .http()
          .post(url)
          .set('Authorization', admin)
          .set('content-type', 'multipart/form-data')
          .send('--XX\r\n');
        expectShape(res.body, 400, 'MALFORMED_MULTIPART');
      }
    });

    it('answers a body without its closing boundary with 400 MALFORMED_MULTIPART', async () => {
      for (const url of routes()) {
        const res = await t
          .http()
          .post(url)
          .set('Authorization', admin)
          .set('content-type', 'multipart/form-data; boundary=XX')
          .send(noClosing);
        expectShape(res.body, 400, 'MALFORMED_MULTIPART');
      }
    });

    it('answers a well-formed body without the file with 400 naming the field', async () => {
      for (const url of routes()) {
        const res = await t.http().post(url).set('Authorization', admin).field('other', 'x');
        expectShape(res.body, 400, 'VALIDATION_FAILED');
        expect(res.body.details[0].field).toBe('file');
      }
    });
  });

  describe('Cache-Control', () => {
    it('is no-store on personal answers, errors and public API answers alike', async () => {
      const me = await t.http().get('/api/v1/me').set('Authorization', admin).expect(200);
      expect(me.headers['cache-control']).toBe('no-store');
      const refused = await t.http().get('/api/v1/me').expect(401);
      expect(refused.headers['cache-control']).toBe('no-store');
      expect((await t.http().get('/api/v1/health')).headers['cache-control']).toBe('no-store');
    });
  });

  describe("Node's and Fastify's own refusals", () => {
    it('answers a malformed request line with 400 in the common shape', async () => {
      const res = await rawRequest(t, ['GET /api/v1/health HTTP/1.1 extra\r\nHost: x\r\n\r\n']);
      expect(res.status).toBe(400);
      expectShape(res.body, 400, 'BAD_REQUEST');
      expect(res.head).toMatch(/content-type: application\/json/i);
    });

    it('answers oversized headers with 431 REQUEST_HEADERS_TOO_LARGE', async () => {
      const res = await rawRequest(t, [`GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`]);
      expect(res.status).toBe(431);
      expectShape(res.body, 431, 'REQUEST_HEADERS_TOO_LARGE');
    });

    it('answers a Content-Length that is not a number with 400 in the common shape', async () => {
      const res = await rawRequest(t, [
        'POST /api/v1/auth/demo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}',
      ]);
      expectShape(res.body, 400, 'BAD_REQUEST');
    });

    it('answers a URL with a broken percent-escape with 400 in the common shape', async () => {
      const res = await rawRequest(t, ['GET /api/v1/streets/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
      expectShape(res.body, 400, 'BAD_REQUEST');
    });
  });

  describe('personal data in the log', () => {
    it('masks phone numbers in logged URLs and logs no SQL values', async () => {
      await t.http().get('/api/v1/users?phone=13812345678').set('Authorization', admin).expect(200);
      await t.http().get('/api/v1/users?phone=138%201234%205670').set('Authorization', admin);
      // A duplicate phone fails in the database (unique index): the failed query is logged.
      await t.http().post('/api/v1/users').set('Authorization', admin).send({ name: '重复', phone: '13812345679' }).expect(201);
      await t.http().post('/api/v1/users').set('Authorization', admin).send({ name: '重复', phone: '13812345679' }).expect(409);
      const log = logLines.join('');
      expect(log).toContain('/api/v1/users?phone=138****5678');
      expect(log).toContain('query failed');
      expect(log).not.toMatch(/1381234567\d|1234%205670|parameters/);
    });
  });
});
