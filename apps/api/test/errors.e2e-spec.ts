import { startTestApp, type TestApp } from './support/test-app';

/** Every failure answers in one shape with a stable code; bad input is 4xx, never 500. */
describe('error shape', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.signInWithRole('platform_admin', 'platform', 0);
  });
  afterAll(() => t.close());

  const expectShape = (body: Record<string, unknown>, statusCode: number, code: string) => {
    expect(body).toMatchObject({ statusCode, code, message: expect.any(String) });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+|SELECT|INSERT|QueryFailedError/);
  };

  it('GET /api/v1/health reports the database it checked', async () => {
    const res = await t.http().get('/api/v1/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { ok: true } });
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('answers an unknown route with 404 ROUTE_NOT_FOUND', async () => {
    const res = await t.http().get('/api/v1/nope').expect(404);
    expectShape(res.body, 404, 'ROUTE_NOT_FOUND');
  });

  it('answers a missing token with 401 UNAUTHENTICATED', async () => {
    const res = await t.http().get('/api/v1/streets').expect(401);
    expectShape(res.body, 401, 'UNAUTHENTICATED');
  });

  it('answers a forged token with 401 UNAUTHENTICATED', async () => {
    const res = await t.http().get('/api/v1/streets').set('Authorization', 'Bearer abc.def.ghi').expect(401);
    expectShape(res.body, 401, 'UNAUTHENTICATED');
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await t
      .http()
      .post('/api/v1/streets')
      .set('Authorization', admin)
      .set('content-type', 'application/json')
      .send('{"name": ');
    expect(res.status).toBe(400);
    expectShape(res.body, 400, 'MALFORMED_JSON');
  });

  it('answers a wrong content type with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await t
      .http()
      .post('/api/v1/streets')
      .set('Authorization', admin)
      .set('content-type', 'text/plain')
      .send('name=x');
    expect(res.status).toBe(415);
    expectShape(res.body, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers an oversized body with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await t
      .http()
      .post('/api/v1/streets')
      .set('Authorization', admin)
      .send({ name: 'x'.repeat(1100 * 1024) });
    expect(res.status).toBe(413);
    expectShape(res.body, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('refuses unknown fields by name', async () => {
    const res = await t
      .http()
      .post('/api/v1/streets')
      .set('Authorization', admin)
      .send({ name: '东风街道', mayor: 'x' })
      .expect(400);
    expectShape(res.body, 400, 'VALIDATION_FAILED');
    expect(res.body.details).toEqual([{ field: 'mayor', problems: [expect.stringContaining('should not exist')] }]);
  });

  it('refuses wrong types and lists every bad field', async () => {
    const res = await t
      .http()
      .post('/api/v1/compounds')
      .set('Authorization', admin)
      .send({ communityId: '1', name: 5, type: 'castle', managementMode: 'company' })
      .expect(400);
    expectShape(res.body, 400, 'VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['communityId', 'name', 'type']);
  });

  it('refuses a missing body', async () => {
    const res = await t.http().post('/api/v1/streets').set('Authorization', admin).expect(400);
    expectShape(res.body, 400, 'VALIDATION_FAILED');
  });

  it('refuses null for a required field instead of failing in the database', async () => {
    const created = await t.http().post('/api/v1/streets').set('Authorization', admin).send({ name: '红旗街道' }).expect(201);
    const res = await t
      .http()
      .patch(`/api/v1/streets/${created.body.id}`)
      .set('Authorization', admin)
      .send({ version: 1, name: null })
      .expect(400);
    expect(res.body.details[0].field).toBe('name');
  });

  it('refuses a bad path id with 400 naming it', async () => {
    const res = await t.http().get('/api/v1/streets/abc').set('Authorization', admin).expect(400);
    expect(res.body.details).toEqual([{ field: 'id', problems: ['id must be a positive integer'] }]);
    await t.http().get('/api/v1/streets/99999999999').set('Authorization', admin).expect(400);
  });

  it('refuses a forged cursor', async () => {
    const res = await t.http().get('/api/v1/streets?cursor=bm9wZQ').set('Authorization', admin).expect(400);
    expect(res.body.details[0].field).toBe('cursor');
  });

  it('refuses a page size over the limit', async () => {
    const res = await t.http().get('/api/v1/streets?limit=1000').set('Authorization', admin).expect(400);
    expect(res.body.details[0].field).toBe('limit');
  });

  it('answers a duplicate with 409 ALREADY_EXISTS', async () => {
    await t.http().post('/api/v1/streets').set('Authorization', admin).send({ name: '重名街道' }).expect(201);
    const res = await t.http().post('/api/v1/streets').set('Authorization', admin).send({ name: '重名街道' }).expect(409);
    expectShape(res.body, 409, 'ALREADY_EXISTS');
  });

  it('answers a stale version with 409 VERSION_CONFLICT and the current version', async () => {
    const created = await t.http().post('/api/v1/streets').set('Authorization', admin).send({ name: '前进街道' }).expect(201);
    const url = `/api/v1/streets/${created.body.id}`;
    await t.http().patch(url).set('Authorization', admin).send({ version: 1, name: '前进街道（新）' }).expect(200);
    const res = await t.http().patch(url).set('Authorization', admin).send({ version: 1, name: '前进街道（旧）' }).expect(409);
    expectShape(res.body, 409, 'VERSION_CONFLICT');
    expect(res.body.details).toEqual({ currentVersion: 2 });
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.http().get('/api/docs/openapi.json').expect(200);
    expect(res.body.paths['/api/v1/streets']).toBeDefined();
  });
});
