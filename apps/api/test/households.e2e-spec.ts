import ExcelJS from 'exceljs';
import { factories, type Factories } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

describe('households', () => {
  let t: TestApp;
  let f: Factories;
  let compoundId: number;
  let manager: string;
  let gridWorker: string;
  let community: string;
  let gridId: number;

  const importFile = (auth: string, content: Buffer | string, filename = 'households.csv', query = '') =>
    t
      .http()
      .post(`/api/v1/compounds/${compoundId}/households/import${query}`)
      .set('Authorization', auth)
      .attach('file', Buffer.from(content), filename);
  const count = async () =>
    Number((await t.db.query('SELECT COUNT(*) AS n FROM households WHERE compound_id = ?', [compoundId]))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    f = factories(t.db);
    const street = await f.street();
    const c = await f.community(street.id);
    const grid = await f.grid(c.id);
    gridId = grid.id;
    const company = await f.company();
    compoundId = (await f.compound(c.id, { companyId: company.id, managementMode: 'company' })).id;
    const users = {
      manager: await f.user(),
      grid: await f.user(),
      community: await f.user(),
    };
    await f.role(users.manager.id, 'manager', 'company', company.id);
    await f.role(users.grid.id, 'grid_worker', 'grid', grid.id);
    await f.role(users.community.id, 'community_admin', 'community', c.id);
    manager = await t.signIn(users.manager.phone!);
    gridWorker = await t.signIn(users.grid.phone!);
    community = await t.signIn(users.community.phone!);
  });
  afterAll(() => t.close());

  describe('POST /api/v1/compounds/:id/households/import', () => {
    const goodCsv = [
      '楼栋,单元,房号,面积,业主姓名,手机号,标签',
      '1号楼,1,101,89.5,王芳,13811112222,独居老人',
      '1号楼,1,102,76,李强,,',
      '2号楼,2,301,120.25,张伟,13833334444,低保、残疾',
    ].join('\n');

    it('imports a CSV, creating missing buildings, and reports the counts', async () => {
      const res = await importFile(community, goodCsv).expect(201);
      expect(res.body).toEqual({ dryRun: false, rows: 3, ignoredColumns: [], created: 3, updated: 0, buildingsCreated: 2 });
      const list = await t.http().get(`/api/v1/households?compoundId=${compoundId}`).set('Authorization', community).expect(200);
      const byRoom = Object.fromEntries(list.body.items.map((h: { room: string }) => [h.room, h]));
      expect(byRoom['101']).toMatchObject({
        buildingName: '1号楼',
        unit: '1',
        areaHundredths: 8950,
        ownerPhone: '13811112222',
        careTags: ['elderly_alone'],
      });
      expect(byRoom['301']).toMatchObject({ areaHundredths: 12025, careTags: ['disabled', 'low_income'] });
    });

    it('changes nothing when the same file is imported again', async () => {
      const res = await importFile(community, goodCsv).expect(201);
      expect(res.body).toMatchObject({ created: 0, updated: 0, buildingsCreated: 0 });
      expect(await count()).toBe(3);
    });

    it('sets aside a manager’s care-tag column: tags are neither changed nor revealed by a dry run', async () => {
      const [row] = await t.db.query("SELECT h.id FROM households h WHERE h.room = '101' AND h.compound_id = ?", [compoundId]);
      const tagsOf = async () =>
        (await t.db.query('SELECT tag FROM household_tags WHERE household_id = ? ORDER BY tag', [row.id])).map(
          (r: { tag: string }) => r.tag,
        );
      const before = await tagsOf();
      for (const tag of ['独居老人', '低保', '']) {
        const probe = await importFile(
          manager,
          `楼栋,单元,房号,面积,业主姓名,手机号,标签\n1号楼,1,101,89.5,王芳,13811112222,${tag}\n`,
          'h.csv',
          '?dryRun=true',
        ).expect(201);
        expect(probe.body).toMatchObject({ updated: 0, ignoredColumns: ['标签'] });
      }
      await importFile(manager, '楼栋,单元,房号,面积,业主姓名,手机号,标签\n1号楼,1,101,89.5,王芳,13811112222,\n').expect(201);
      expect(await tagsOf()).toEqual(before);
    });

    it('leaves owner names and phones alone when the sheet has no such columns', async () => {
      await importFile(manager, '楼栋,单元,房号,面积\n1号楼,1,101,89.5\n').expect(201);
      const [row] = await t.db.query(
        "SELECT owner_name AS n, owner_phone AS p FROM households WHERE room = '101' AND compound_id = ?",
        [compoundId],
      );
      expect(row).toEqual({ n: '王芳', p: '13811112222' });
    });

    it('updates existing households from a changed sheet', async () => {
      const res = await importFile(manager, '楼栋,单元,房号,面积\n1号楼,1,101,90\n1号楼,1,103,60\n').expect(201);
      expect(res.body).toMatchObject({ created: 1, updated: 1 });
      const [row] = await t.db.query("SELECT area_hundredths AS a FROM households WHERE room = '101' AND compound_id = ?", [
        compoundId,
      ]);
      expect(Number(row.a)).toBe(9000);
    });

    it('rejects a sheet with bad rows, listing row and column, and imports nothing', async () => {
      const before = await count();
      const res = await importFile(
        manager,
        '楼栋,单元,房号,面积,手机号\n5号楼,1,101,80,\n5号楼,,102,abc,12345\n5号楼,1,101,70,\n',
      ).expect(422);
      expect(res.body.code).toBe('IMPORT_INVALID_ROWS');
      expect(res.body.details).toEqual([
        { row: 3, column: '单元', message: '不能为空' },
        { row: 3, column: '面积', message: expect.any(String) },
        { row: 3, column: '手机号', message: '应为 11 位手机号' },
        { row: 4, column: '房号', message: '与第 2 行重复' },
      ]);
      expect(await count()).toBe(before);
      expect(Number((await t.db.query("SELECT COUNT(*) AS n FROM buildings WHERE name = '5号楼'"))[0].n)).toBe(0);
    });

    it('reads XLSX files as managers keep them', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('住户');
      sheet.addRow(['楼栋', '单元', '房号', '面积', '业主姓名']);
      sheet.addRow(['3号楼', '1', '501', 99.99, '赵敏']);
      sheet.addRow(['3号楼', 2, 502, 88, '钱进']);
      const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
      const res = await importFile(manager, buffer, 'households.xlsx').expect(201);
      expect(res.body).toMatchObject({ rows: 2, created: 2, buildingsCreated: 1 });
    });

    it('reports bad XLSX rows by row number too', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('住户');
      sheet.addRow(['楼栋', '单元', '房号', '面积']);
      sheet.addRow(['3号楼', '1', '601', '一百']);
      const res = await importFile(manager, Buffer.from(await workbook.xlsx.writeBuffer()), 'h.xlsx').expect(422);
      expect(res.body.details).toEqual([{ row: 2, column: '面积', message: expect.any(String) }]);
    });

    it('reads a GB18030 CSV saved by Excel on Chinese Windows', async () => {
      const gbk = Buffer.from(
        // "楼栋,单元,房号,面积\n4号楼,1,101,66\n" encoded in GB18030
        'c2a5b6b02cb5a5d4aa2cb7bfbac52cc3e6bbfd0a34bac5c2a52c312c3130312c36360a',
        'hex',
      );
      const res = await importFile(manager, gbk).expect(201);
      expect(res.body).toMatchObject({ created: 1, buildingsCreated: 1 });
      const [b] = await t.db.query("SELECT name FROM buildings WHERE name = '4号楼' AND compound_id = ?", [compoundId]);
      expect(b.name).toBe('4号楼');
    });

    it('dry-runs: reports what would change and writes nothing', async () => {
      const before = await count();
      const res = await importFile(manager, '楼栋,单元,房号,面积\n9号楼,1,101,50\n', 'h.csv', '?dryRun=true').expect(201);
      expect(res.body).toEqual({ dryRun: true, rows: 1, ignoredColumns: [], created: 1, updated: 0, buildingsCreated: 1 });
      expect(await count()).toBe(before);
    });

    it('names a missing required column', async () => {
      const res = await importFile(manager, '楼栋,房号,面积\n1号楼,101,50\n').expect(422);
      expect(res.body.details).toEqual([{ row: 1, column: '单元', message: '缺少“单元”列' }]);
    });

    it('refuses an empty sheet, a binary file, a file over 5 MB, and a JSON body', async () => {
      expect((await importFile(manager, '楼栋,单元,房号,面积\n').expect(422)).body.details[0].message).toContain('没有数据');
      expect((await importFile(manager, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'x.xlsx').expect(422)).body.code).toBe(
        'IMPORT_UNREADABLE',
      );
      expect((await importFile(manager, Buffer.alloc(6 * 1024 * 1024, 'a')).expect(413)).body.code).toBe('PAYLOAD_TOO_LARGE');
      const json = await t
        .http()
        .post(`/api/v1/compounds/${compoundId}/households/import`)
        .set('Authorization', manager)
        .send({ rows: [] });
      expect(json.status).toBe(415);
      expect(json.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('what each role sees of a household', () => {
    let householdId: number;

    beforeAll(async () => {
      const building = await f.building(compoundId, { gridId });
      const h = await f.household(building, { ownerPhone: '13955556666', careTags: ['elderly_alone'] });
      householdId = h.id;
    });

    it('shows the community full phones and care tags', async () => {
      const res = await t.http().get(`/api/v1/households/${householdId}`).set('Authorization', community).expect(200);
      expect(res.body).toMatchObject({ ownerPhone: '13955556666', careTags: ['elderly_alone'] });
    });

    it('shows the grid worker care tags in their grid', async () => {
      const res = await t.http().get(`/api/v1/households?gridId=${gridId}`).set('Authorization', gridWorker).expect(200);
      expect(res.body.items[0]).toMatchObject({ ownerPhone: '13955556666', careTags: ['elderly_alone'] });
      const tagged = await t
        .http()
        .get(`/api/v1/households?gridId=${gridId}&careTag=elderly_alone`)
        .set('Authorization', gridWorker)
        .expect(200);
      expect(tagged.body.items.map((h: { id: number }) => h.id)).toEqual([householdId]);
    });

    it('hides care tags from the property manager', async () => {
      const res = await t.http().get(`/api/v1/households/${householdId}`).set('Authorization', manager).expect(200);
      expect(res.body.careTags).toBeUndefined();
      expect(res.body.ownerPhone).toBe('13955556666');
      await t
        .http()
        .get(`/api/v1/households?compoundId=${compoundId}&careTag=elderly_alone`)
        .set('Authorization', manager)
        .expect(403);
    });

    it('masks phones for a verified resident of the household and hides care tags', async () => {
      const resident = await f.user();
      await f.membership(
        (await t.db.getRepository('Household').findOneByOrFail({ id: householdId })) as never,
        resident.id,
        'verified',
      );
      const res = await t
        .http()
        .get(`/api/v1/households/${householdId}`)
        .set('Authorization', await t.signIn(resident.phone!))
        .expect(200);
      expect(res.body.ownerPhone).toBe('139****6666');
      expect(res.body.careTags).toBeUndefined();
    });

    it('refuses a pending member', async () => {
      const claimant = await f.user();
      await f.membership(
        (await t.db.getRepository('Household').findOneByOrFail({ id: householdId })) as never,
        claimant.id,
        'pending',
      );
      await t
        .http()
        .get(`/api/v1/households/${householdId}`)
        .set('Authorization', await t.signIn(claimant.phone!))
        .expect(404);
    });
  });

  describe('GET /api/v1/households (keyset pages)', () => {
    it('walks every household exactly once, page by page', async () => {
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `/api/v1/households?compoundId=${compoundId}&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await t.http().get(url).set('Authorization', community).expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...res.body.items.map((h: { id: number }) => h.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBeGreaterThan(2);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(await count());
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    });

    it('asks for exactly one parent', async () => {
      const res = await t.http().get('/api/v1/households').set('Authorization', community).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      await t
        .http()
        .get(`/api/v1/households?compoundId=${compoundId}&gridId=${gridId}`)
        .set('Authorization', community)
        .expect(400);
    });
  });

  describe('GET /api/v1/households?q= (住户 search)', () => {
    let searchCompound: number;
    let inGrid: number;
    let outside: number;
    const search = (query: string, auth = manager) => t.http().get(`/api/v1/households?${query}`).set('Authorization', auth);
    const rooms = (body: { items: Array<{ room: string }> }) => body.items.map((h) => h.room).sort();

    beforeAll(async () => {
      const [{ community_id: communityId, company_id: companyId }] = await t.db.query(
        'SELECT community_id, company_id FROM compounds WHERE id = ?',
        [compoundId],
      );
      searchCompound = (await f.compound(Number(communityId), { companyId: Number(companyId), managementMode: 'company' })).id;
      const sunny = await f.building(searchCompound, { name: '阳光苑3号楼', gridId });
      const other = await f.building(searchCompound, { name: '7号楼' });
      inGrid = (await f.household(sunny, { unit: '1', room: '301', ownerName: '王芳' })).id;
      await f.household(sunny, { unit: '1', room: '1301', ownerName: '李雷' });
      await f.household(sunny, { unit: 'B', room: '502', ownerName: '张_三' });
      await f.household(other, { unit: '2', room: '601', ownerName: '百分%之百' });
      outside = (await f.household(other, { unit: '2', room: '3010', ownerName: '赵!敏' })).id;
    });

    it('matches part of the room, the unit, the building’s name or the owner’s name', async () => {
      expect(rooms((await search(`compoundId=${searchCompound}&q=301`).expect(200)).body)).toEqual(['1301', '301', '3010']);
      expect(rooms((await search(`compoundId=${searchCompound}&q=${encodeURIComponent('李')}`).expect(200)).body)).toEqual([
        '1301',
      ]);
      expect(rooms((await search(`compoundId=${searchCompound}&q=${encodeURIComponent('阳光苑')}`).expect(200)).body)).toEqual([
        '1301',
        '301',
        '502',
      ]);
      expect(rooms((await search(`compoundId=${searchCompound}&q=b`).expect(200)).body)).toEqual(['502']);
      expect((await search(`compoundId=${searchCompound}&q=${encodeURIComponent('没有这户')}`).expect(200)).body.items).toEqual(
        [],
      );
    });

    it('takes %, _ and ! as themselves, never as wildcards', async () => {
      expect(rooms((await search(`compoundId=${searchCompound}&q=_`).expect(200)).body)).toEqual(['502']);
      expect(rooms((await search(`compoundId=${searchCompound}&q=%25`).expect(200)).body)).toEqual(['601']);
      expect(rooms((await search(`compoundId=${searchCompound}&q=!`).expect(200)).body)).toEqual(['3010']);
      expect(rooms((await search(`compoundId=${searchCompound}&q=${encodeURIComponent('张%三')}`).expect(200)).body)).toEqual([]);
    });

    it('searches inside the parent only: a grid worker’s grid, one compound', async () => {
      const inTheGrid = await search(`gridId=${gridId}&q=301`, gridWorker).expect(200);
      expect(inTheGrid.body.items.map((h: { id: number }) => h.id)).toContain(inGrid);
      expect(inTheGrid.body.items.map((h: { id: number }) => h.id)).not.toContain(outside);
      expect(rooms((await search(`compoundId=${compoundId}&q=${encodeURIComponent('阳光苑')}`).expect(200)).body)).toEqual([]);
    });

    it('pages search results by cursor', async () => {
      const first = await search(`compoundId=${searchCompound}&q=301&limit=2`).expect(200);
      expect(first.body.items).toHaveLength(2);
      const second = await search(`compoundId=${searchCompound}&q=301&limit=2&cursor=${first.body.nextCursor}`).expect(200);
      expect(second.body.items.map((h: { room: string }) => h.room)).toEqual(['3010']);
      expect(second.body.nextCursor).toBeNull();
    });

    it.each([
      ['empty', 'q='],
      ['only spaces', 'q=%20%20%20'],
      ['longer than the limit', `q=${'1'.repeat(41)}`],
      ['a line break', 'q=30%0A1'],
      ['a control character', 'q=30%001'],
      ['given twice', 'q=301&q=302'],
    ])('refuses a q that is %s with 400 naming q', async (_what, query) => {
      const res = await search(`compoundId=${searchCompound}&${query}`).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain('q');
    });

    it('refuses another company’s manager, staff and a resident, with or without q', async () => {
      const street = await f.street();
      const elsewhere = await f.company();
      const foreign = await t.signInWithRole('manager', 'company', elsewhere.id);
      const [{ company_id: companyId }] = await t.db.query('SELECT company_id FROM compounds WHERE id = ?', [searchCompound]);
      const staff = await t.signInWithRole('staff', 'company', Number(companyId));
      const resident = await f.user();
      await f.membership(await f.household(await f.building(searchCompound)), resident.id, 'verified');
      const otherAdmin = await t.signInWithRole('community_admin', 'community', (await f.community(street.id)).id);
      for (const [auth, statuses] of [
        [foreign, [404]],
        [otherAdmin, [404]],
        [staff, [403]],
        [await t.signIn(resident.phone!), [403]],
      ] as const) {
        const res = await search(`compoundId=${searchCompound}&q=${encodeURIComponent('王芳')}`, auth);
        expect(statuses).toContain(res.status);
        expect(JSON.stringify(res.body)).not.toContain('王芳');
      }
    });
  });

  describe('PATCH /api/v1/households/:id', () => {
    it('updates care tags for the community but not for the manager', async () => {
      const building = await f.building(compoundId);
      const h = await f.household(building);
      const ok = await t
        .http()
        .patch(`/api/v1/households/${h.id}`)
        .set('Authorization', community)
        .send({ version: 1, careTags: ['empty_nest'] })
        .expect(200);
      expect(ok.body).toMatchObject({ version: 2, careTags: ['empty_nest'] });
      const res = await t
        .http()
        .patch(`/api/v1/households/${h.id}`)
        .set('Authorization', manager)
        .send({ version: 2, careTags: [] })
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });

    it('refuses an unknown care tag and a fractional area', async () => {
      const building = await f.building(compoundId);
      const h = await f.household(building);
      const res = await t
        .http()
        .patch(`/api/v1/households/${h.id}`)
        .set('Authorization', community)
        .send({ version: 1, careTags: ['vip'], areaHundredths: 12.5 })
        .expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['areaHundredths', 'careTags']);
    });
  });
});
