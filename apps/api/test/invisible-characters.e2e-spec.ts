import { factories } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * "101" and "1\u200B01" look the same: names and room numbers are stored normalized (NFC, invisible
 * format characters removed, trimmed), and control characters or broken surrogates are refused, both
 * through the API's DTOs and through the household import, whose rows never pass through a DTO.
 */
describe('invisible characters in names and room numbers', () => {
  let t: TestApp;
  let admin: string;
  let compoundId: number;
  let buildingId: number;

  const createHousehold = (room: string, extra: Record<string, unknown> = {}) =>
    t
      .http()
      .post('/api/v1/households')
      .set('Authorization', admin)
      .send({ buildingId, unit: '1', room, areaHundredths: 8000, ...extra });
  const importCsv = (csv: string, dryRun = true) =>
    t
      .http()
      .post(`/api/v1/compounds/${compoundId}/households/import${dryRun ? '?dryRun=true' : ''}`)
      .set('Authorization', admin)
      .attach('file', Buffer.from(csv, 'utf8'), 'households.csv');
  const rooms = async () =>
    (await t.db.query('SELECT room FROM households WHERE building_id = ? ORDER BY id', [buildingId])).map(
      (r: { room: string }) => r.room,
    );

  beforeAll(async () => {
    t = await startTestApp();
    const f = factories(t.db);
    const community = await f.community((await f.street()).id);
    compoundId = (await f.compound(community.id)).id;
    buildingId = (await f.building(compoundId, { name: '1号楼' })).id;
    admin = await t.signInWithRole('community_admin', 'community', community.id);
  });
  afterAll(() => t.close());

  describe('POST /api/v1/households', () => {
    it('stores a room number without zero-width and bidi characters, so a look-alike is the same room (409)', async () => {
      const first = await createHousehold('\u2066 101\u200B\u2069').expect(201);
      expect(first.body.room).toBe('101');
      for (const lookAlike of ['1\u200B01', '\u202E101', '\uFEFF101', '101\u00AD', '1\u200D01']) {
        expect([(await createHousehold(lookAlike)).status, lookAlike]).toEqual([409, lookAlike]);
      }
      expect(await rooms()).toEqual(['101']);
    });

    it('stores names composed (NFC)', async () => {
      const res = await createHousehold('102', { ownerName: 'Rene\u0301 王' }).expect(201);
      expect(res.body.ownerName).toBe('René 王');
    });

    it('refuses NUL, other control characters, line breaks and lone surrogates with 400 naming the field', async () => {
      for (const room of ['1\u000003', '1\u001B03', '10\n3', '103\uD800', '\uDC00']) {
        const res = await createHousehold(room);
        expect([res.status, res.body.code, res.body.details?.[0]?.field]).toEqual([400, 'VALIDATION_FAILED', 'room']);
      }
      expect(await rooms()).toEqual(['101', '102']);
    });

    it('normalizes place names too: a street named with a zero-width space is the same street', async () => {
      const platform = await t.signInWithRole('platform_admin', 'platform', 0);
      await t.http().post('/api/v1/streets').set('Authorization', platform).send({ name: '隐形街道' }).expect(201);
      const twin = await t.http().post('/api/v1/streets').set('Authorization', platform).send({ name: '隐形\u200B街道' });
      expect(twin.status).toBe(409);
    });
  });

  describe('POST /api/v1/compounds/:id/households/import', () => {
    it('matches a look-alike room to the existing one instead of creating a second', async () => {
      const res = await importCsv('楼栋,单元,房号,面积\n1号楼,1,1\u200B01,80\n\u202E1号楼,1\u200C,\uFEFF102,80\n', false).expect(
        201,
      );
      expect(res.body).toMatchObject({ created: 0, buildingsCreated: 0 });
      expect(await rooms()).toEqual(['101', '102']);
    });

    it('reads a header written with invisible characters', async () => {
      const res = await importCsv('\u200B楼栋,单元\u200B,房号,面积\n1号楼,1,101,80\n').expect(201);
      expect(res.body).toMatchObject({ rows: 1, created: 0 });
    });

    it('refuses control characters and line breaks in a row with 422, naming row and column', async () => {
      const res = await importCsv('楼栋,单元,房号,面积,业主姓名\n1号楼,1,1\u000003,80,\n1号楼,1,104,80,"王\n芳"\n').expect(422);
      expect(res.body.code).toBe('IMPORT_INVALID_ROWS');
      expect(res.body.details).toEqual([
        { row: 2, column: '房号', message: expect.stringContaining('控制字符') },
        { row: 3, column: '业主', message: expect.stringContaining('换行') },
      ]);
      expect(await rooms()).toEqual(['101', '102']);
    });
  });
});
