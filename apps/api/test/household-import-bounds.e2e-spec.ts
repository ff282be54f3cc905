import { LIMITS } from '@doorstep/contracts';
import { factories } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import { sheetRow, xlsxBomb, xlsxWithRows } from './support/xlsx-files';

const HEADER = sheetRow(1, ['楼栋', '单元', '房号', '面积']);

/** Hostile spreadsheets: each is refused in the common error shape, and the API keeps answering. */
describe('POST /api/v1/compounds/:id/households/import (hostile files)', () => {
  let t: TestApp;
  let compoundId: number;
  let admin: string;

  const importFile = (app: TestApp, content: Buffer | string, filename = 'households.xlsx') =>
    app
      .http()
      .post(`/api/v1/compounds/${compoundId}/households/import?dryRun=true`)
      .set('Authorization', admin)
      .attach('file', Buffer.from(content), filename);
  const expectError = (res: { status: number; body: Record<string, unknown> }, status: number, code: string) =>
    expect([res.status, res.body.code, typeof res.body.message]).toEqual([status, code, 'string']);

  beforeAll(async () => {
    t = await startTestApp();
    const f = factories(t.db);
    const community = await f.community((await f.street()).id);
    compoundId = (await f.compound(community.id)).id;
    admin = await t.signInWithRole('community_admin', 'community', community.id);
  });
  afterAll(() => t.close());

  it('refuses three 1.5 GiB XLSX bombs sent at once (one lying about its size) while /health answers', async () => {
    const honest = xlsxBomb(1536);
    expect(honest.length).toBeLessThan(LIMITS.importMaxBytes);
    // The third declares 4 KiB for its 1.5 GiB sheet: only inflating reveals it.
    const inFlight = [honest, honest, xlsxBomb(1536, 4096)].map((file) => importFile(t, file).then((res) => res));
    const health = await t.http().get('/api/v1/health');
    expect(health.status).toBe(200);
    const answers = await Promise.all(inFlight);
    expectError(answers[0], 413, 'PAYLOAD_TOO_LARGE');
    expectError(answers[1], 413, 'PAYLOAD_TOO_LARGE');
    expectError(answers[2], 422, 'IMPORT_UNREADABLE');
    expect((await t.http().get('/api/v1/health')).status).toBe(200);
  });

  it('refuses a 200 KiB file that unpacks to 200 MiB with 413', async () => {
    expectError(await importFile(t, xlsxBomb(200)), 413, 'PAYLOAD_TOO_LARGE');
  });

  it(`refuses an XLSX of more than ${LIMITS.importMaxRows} rows with 422, naming the limit`, async () => {
    const rows = Array.from({ length: LIMITS.importMaxRows + 1 }, (_, i) => sheetRow(i + 2, ['1号楼', '1', `${i + 1}`, '80']));
    const res = await importFile(t, xlsxWithRows(HEADER + rows.join('')));
    expectError(res, 422, 'IMPORT_INVALID_ROWS');
    expect(res.body.details).toEqual([
      { row: LIMITS.importMaxRows + 2, column: '', message: `一次最多导入 ${LIMITS.importMaxRows} 行` },
    ]);
  });

  it('refuses an XLSX with a hundred thousand empty cells in one row with 422', async () => {
    const res = await importFile(t, xlsxWithRows(`${HEADER}<row r="2">${'<c/>'.repeat(100_001)}</row>`));
    expectError(res, 422, 'IMPORT_INVALID_ROWS');
    expect(res.body.details[0].message).toContain('单元格过多');
  });

  it(`refuses a CSV of more than ${LIMITS.importMaxRows} rows, or of too many fields, with 422`, async () => {
    const rows = Array.from({ length: LIMITS.importMaxRows + 1 }, (_, i) => `1号楼,1,${i + 1},80`);
    const long = await importFile(t, ['楼栋,单元,房号,面积', ...rows].join('\n'), 'households.csv');
    expectError(long, 422, 'IMPORT_INVALID_ROWS');
    expect(long.body.details[0].row).toBe(LIMITS.importMaxRows + 2);
    const wide = await importFile(t, `楼栋,单元,房号,面积\n${','.repeat(200_000)}\n`, 'households.csv');
    expectError(wide, 422, 'IMPORT_INVALID_ROWS');
  });

  it('still imports an ordinary XLSX after all that', async () => {
    const res = await importFile(t, xlsxWithRows(HEADER + sheetRow(2, ['1号楼', '1', '101', '80'])));
    expect([res.status, res.body.rows]).toEqual([201, 1]);
  });

  describe('when a sheet within the bounds needs more memory than a worker has', () => {
    let small: TestApp;

    beforeAll(async () => {
      small = await startTestApp({ IMPORT_WORKER_MEMORY_MB: '48' }, { sameDatabaseAs: t });
    });
    afterAll(() => small.close());

    it('ends that worker with 413, and the API and the next import carry on', async () => {
      // The most a sheet may hold (5,000 rows × 20 columns): fine for the default 256 MB, not for 48.
      const columns = Array.from({ length: 20 }, (_, c) => `列${c}`);
      const full = xlsxWithRows(Array.from({ length: LIMITS.importMaxRows }, (_, i) => sheetRow(i + 1, columns)).join(''));
      expectError(await importFile(small, full), 413, 'PAYLOAD_TOO_LARGE');
      expect((await small.http().get('/api/v1/health')).status).toBe(200);
      const res = await importFile(small, xlsxWithRows(HEADER + sheetRow(2, ['1号楼', '1', '101', '80'])));
      expect([res.status, res.body.rows]).toEqual([201, 1]);
    }, 60_000);
  });
});
