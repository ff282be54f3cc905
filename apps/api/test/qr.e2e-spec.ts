import { ERROR_MESSAGES, type QrCodeView } from '@doorstep/contracts';
import type { Response } from 'supertest';
import { QrCode } from '../src/qr/qr-code.entity';
import { QrCodesService } from '../src/qr/qr-codes.service';
import { printedToken } from '../src/qr/qr-token';
import { factories, type Factories } from './support/factories';
import { qrCodeRow } from './support/qr-codes';
import { startTestApp, type TestApp } from './support/test-app';

/** Collects a binary body (supertest parses only text and JSON by itself); `res` is the Node stream. */
const binary = (res: Response, done: (error: Error | null, body: Buffer) => void) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};
const pages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

describe('QR codes and posters', () => {
  let t: TestApp;
  let f: Factories;
  let manager: string;
  let otherManager: string;
  let streetAdmin: string;
  let place: { compound: number; address: string; building: number; sameCompanyCompound: number; sameCompanyBuilding: number };

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_BASE_URL: 'https://doorstep.example.cn/' });
    f = factories(t.db);
    const street = await f.street();
    const community = await f.community(street.id);
    const company = await f.company();
    const otherCompany = await f.company();
    const compound = await f.compound(community.id, {
      companyId: company.id,
      managementMode: 'company',
      name: '幸福里小区',
      address: '幸福路 18 号',
    });
    const sameCompany = await f.compound(community.id, { companyId: company.id, managementMode: 'company' });
    await f.compound(community.id, { companyId: otherCompany.id, managementMode: 'company' });
    place = {
      compound: compound.id,
      address: '幸福路 18 号',
      building: (await f.building(compound.id, { name: '3号楼' })).id,
      sameCompanyCompound: sameCompany.id,
      sameCompanyBuilding: (await f.building(sameCompany.id)).id,
    };
    manager = await t.signInWithRole('manager', 'company', company.id);
    otherManager = await t.signInWithRole('manager', 'company', otherCompany.id);
    streetAdmin = await t.signInWithRole('street_admin', 'street', street.id);
  });
  afterAll(() => t.close());

  const create = (body: object, auth = manager) => t.http().post('/api/v1/qr-codes').set('Authorization', auth).send(body);
  const resolve = (token: string) => t.http().get(`/api/v1/qr-codes/resolve/${encodeURIComponent(token)}`);
  const file = (url: string, auth = manager) => t.http().get(url).set('Authorization', auth).buffer(true).parse(binary);

  describe('POST /api/v1/qr-codes', () => {
    it('makes codes for the compound, a building and a named spot, each with its own unguessable token', async () => {
      const whole = (await create({ compoundId: place.compound }).expect(201)).body as QrCodeView;
      const building = (await create({ compoundId: place.compound, buildingId: place.building }).expect(201)).body as QrCodeView;
      const spot = (await create({ compoundId: place.compound, spotName: ' 3号楼地下车库 ' }).expect(201)).body as QrCodeView;
      expect(whole).toMatchObject({
        compoundId: place.compound,
        compoundName: '幸福里小区',
        buildingId: null,
        spotName: null,
        placeLabel: null,
        revokedAt: null,
        version: 1,
      });
      expect(building).toMatchObject({ buildingId: place.building, buildingName: '3号楼', placeLabel: '3号楼' });
      expect(spot).toMatchObject({ buildingId: null, spotName: '3号楼地下车库', placeLabel: '3号楼地下车库' });
      for (const code of [whole, building, spot]) {
        expect(code.token.length).toBeLessThanOrEqual(32);
        // The mini-program code `scene` alphabet, narrowed to one case of letters and digits.
        expect(code.token).toMatch(/^[0-9a-z]{26}$/);
        expect(code.url).toBe(`https://doorstep.example.cn/#/pages/index/index?qr=${code.token}`);
      }
      expect(new Set([whole.token, building.token, spot.token]).size).toBe(3);
    });

    it('refuses a building of another compound with 422 QR_CODE_PLACE_MISMATCH', async () => {
      const res = await create({ compoundId: place.compound, buildingId: place.sameCompanyBuilding }).expect(422);
      expect(res.body).toMatchObject({ code: 'QR_CODE_PLACE_MISMATCH', message: ERROR_MESSAGES.QR_CODE_PLACE_MISMATCH });
      expect(res.body.details).toEqual([{ field: 'buildingId', problems: [expect.any(String)] }]);
    });

    it('refuses a blank spot name and an unknown building', async () => {
      expect((await create({ compoundId: place.compound, spotName: '   ' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect((await create({ compoundId: place.compound, buildingId: 999999 }).expect(404)).body.code).toBe('BUILDING_NOT_FOUND');
    });

    it('lets a street admin read codes but not make them', async () => {
      expect((await create({ compoundId: place.compound }, streetAdmin).expect(403)).body.code).toBe('FORBIDDEN');
      await t.http().get(`/api/v1/qr-codes?compoundId=${place.compound}`).set('Authorization', streetAdmin).expect(200);
    });
  });

  describe('GET /api/v1/qr-codes', () => {
    it('pages through a compound’s codes by id, and filters by in use or revoked', async () => {
      const compound = place.sameCompanyCompound;
      const made = [];
      for (let i = 0; i < 3; i++)
        made.push((await create({ compoundId: compound, spotName: `车棚${i}` }).expect(201)).body as QrCodeView);
      await t.http().post(`/api/v1/qr-codes/${made[1].id}/revoke`).set('Authorization', manager).send({ version: 1 }).expect(200);
      const list = (query: string) =>
        t.http().get(`/api/v1/qr-codes?compoundId=${compound}${query}`).set('Authorization', manager).expect(200);
      const first = await list('&limit=2');
      expect(first.body.items.map((c: QrCodeView) => c.id)).toEqual([made[0].id, made[1].id]);
      const second = await list(`&limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body).toEqual({ items: [expect.objectContaining({ id: made[2].id, spotName: '车棚2' })], nextCursor: null });
      expect((await list('&active=true')).body.items.map((c: QrCodeView) => c.id)).toEqual([made[0].id, made[2].id]);
      expect((await list('&active=false')).body.items).toEqual([
        expect.objectContaining({ id: made[1].id, revokedAt: expect.any(String) }),
      ]);
    });
  });

  describe('scanning: GET /api/v1/qr-codes/resolve/:token (no sign-in)', () => {
    it('turns a token into the place, also typed from the poster in upper case and groups', async () => {
      const code = (await create({ compoundId: place.compound, buildingId: place.building, spotName: '地下车库' }).expect(201))
        .body as QrCodeView;
      const expected = {
        token: code.token,
        compound: { id: place.compound, name: '幸福里小区', address: place.address },
        building: { id: place.building, name: '3号楼' },
        spotName: '地下车库',
        placeLabel: '3号楼 地下车库',
        // What can be reported here, straight from the scan: the default categories.
        categories: expect.arrayContaining([expect.objectContaining({ name: '水电维修', kind: 'repair', acceptMinutes: 10 })]),
      };
      expect((await resolve(code.token).expect(200)).body).toEqual(expected);
      expect((await resolve(printedToken(code.token)).expect(200)).body).toEqual(expected);
    });

    it('answers unknown tokens with 404 QR_CODE_NOT_FOUND in Chinese', async () => {
      for (const token of ['0000000000000000000000000a', 'not-a-token']) {
        const res = await resolve(token).expect(404);
        expect(res.body).toMatchObject({ code: 'QR_CODE_NOT_FOUND', message: '二维码不存在或已停用' });
      }
    });

    it('gives the tickets domain the place of an active code, inside a transaction if asked', async () => {
      const code = await qrCodeRow(t.db, place.compound, { buildingId: place.building, spotName: '东门' });
      const qrCodes = t.app.get(QrCodesService);
      const expected = {
        qrCodeId: code.id,
        compoundId: place.compound,
        buildingId: place.building,
        spotName: '东门',
        placeLabel: '3号楼 东门',
      };
      expect(await qrCodes.resolveActive(code.token)).toEqual(expected);
      expect(await t.db.transaction((tx) => qrCodes.resolveActive(code.token, tx))).toEqual(expected);
      await t.db.getRepository(QrCode).update({ id: code.id }, { revokedAt: new Date() });
      await expect(qrCodes.resolveActive(code.token)).rejects.toMatchObject({ code: 'QR_CODE_NOT_FOUND', statusCode: 404 });
    });
  });

  describe('POST /api/v1/qr-codes/:id/revoke', () => {
    it('stops the token at once; revoking again is 409, and so is a stale version', async () => {
      const code = (await create({ compoundId: place.compound }).expect(201)).body as QrCodeView;
      await resolve(code.token).expect(200);
      const revoked = await t
        .http()
        .post(`/api/v1/qr-codes/${code.id}/revoke`)
        .set('Authorization', manager)
        .send({ version: 1 })
        .expect(200);
      expect(revoked.body).toMatchObject({ id: code.id, version: 2, revokedAt: expect.any(String) });
      expect((await resolve(code.token).expect(404)).body).toMatchObject({
        code: 'QR_CODE_NOT_FOUND',
        message: '二维码不存在或已停用',
      });
      const again = await t
        .http()
        .post(`/api/v1/qr-codes/${code.id}/revoke`)
        .set('Authorization', manager)
        .send({ version: 2 })
        .expect(409);
      expect(again.body.code).toBe('QR_CODE_REVOKED');
      const stale = await create({ compoundId: place.compound }).expect(201);
      await t.db.query('UPDATE qr_codes SET version = version + 1 WHERE id = ?', [stale.body.id]);
      const conflict = await t
        .http()
        .post(`/api/v1/qr-codes/${stale.body.id}/revoke`)
        .set('Authorization', manager)
        .send({ version: 1 })
        .expect(409);
      expect(conflict.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
      expect((await file(`/api/v1/qr-codes/${code.id}/poster.png`).expect(409)).body.toString()).toContain('QR_CODE_REVOKED');
    });
  });

  describe('posters', () => {
    let code: QrCodeView;
    beforeAll(async () => {
      code = (await create({ compoundId: place.compound, buildingId: place.building }).expect(201)).body;
    });

    const expectFile = (res: Response, type: RegExp, minBytes: number) => {
      expect(res.headers['content-type']).toMatch(type);
      expect(res.headers['content-disposition']).toMatch(/^inline; filename="qr-/);
      expect((res.body as Buffer).length).toBeGreaterThan(minBytes);
      return res.body as Buffer;
    };

    it('serves the PNG, SVG and PDF of one code', async () => {
      const png = expectFile(await file(`/api/v1/qr-codes/${code.id}/poster.png`).expect(200), /^image\/png$/, 10_000);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(png.readUInt32BE(16)).toBe(1240);
      expect(png.readUInt32BE(20)).toBe(1754);
      const svg = expectFile(
        await file(`/api/v1/qr-codes/${code.id}/poster.svg`).expect(200),
        /^image\/svg\+xml/,
        10_000,
      ).toString('utf8');
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="210mm" height="297mm"/);
      expect(svg).toContain('<title>幸福里小区 · 3号楼 · 微信扫一扫，报修投诉 30 秒</title>');
      expect(svg).toContain(`aria-label="编号 ${printedToken(code.token)}"`);
      const pdf = expectFile(await file(`/api/v1/qr-codes/${code.id}/poster.pdf`).expect(200), /^application\/pdf$/, 10_000);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pages(pdf)).toBe(1);
    });

    it('prints every code of the compound in use, one per page, in one PDF', async () => {
      const active = Number(
        (await t.db.query('SELECT COUNT(*) AS n FROM qr_codes WHERE compound_id = ? AND revoked_at IS NULL', [place.compound]))[0]
          .n,
      );
      const revoked = Number(
        (
          await t.db.query('SELECT COUNT(*) AS n FROM qr_codes WHERE compound_id = ? AND revoked_at IS NOT NULL', [
            place.compound,
          ])
        )[0].n,
      );
      expect(active).toBeGreaterThan(3);
      expect(revoked).toBeGreaterThan(0);
      const res = await file(`/api/v1/compounds/${place.compound}/qr-posters.pdf`).expect(200);
      expect(res.headers['content-disposition']).toBe(`inline; filename="qr-posters-compound-${place.compound}.pdf"`);
      expect(pages(expectFile(res, /^application\/pdf$/, 10_000))).toBe(active);
    });

    it('answers a compound without codes in use with 404 QR_CODE_NONE_ACTIVE', async () => {
      const empty = await f.compound((await f.community((await f.street()).id)).id);
      const admin = await t.signInWithRole('platform_admin', 'platform', 0);
      const res = await t.http().get(`/api/v1/compounds/${empty.id}/qr-posters.pdf`).set('Authorization', admin).expect(404);
      expect(res.body).toMatchObject({ code: 'QR_CODE_NONE_ACTIVE', message: ERROR_MESSAGES.QR_CODE_NONE_ACTIVE });
    });
  });

  describe('another company’s manager', () => {
    it('finds none of these codes or compounds (404), whatever the route', async () => {
      const code = (await create({ compoundId: place.compound }).expect(201)).body as QrCodeView;
      const as = otherManager;
      expect((await create({ compoundId: place.compound }, as).expect(404)).body.code).toBe('COMPOUND_NOT_FOUND');
      expect(
        (await t.http().get(`/api/v1/qr-codes?compoundId=${place.compound}`).set('Authorization', as).expect(404)).body.code,
      ).toBe('COMPOUND_NOT_FOUND');
      const revoke = await t
        .http()
        .post(`/api/v1/qr-codes/${code.id}/revoke`)
        .set('Authorization', as)
        .send({ version: 1 })
        .expect(404);
      expect(revoke.body.code).toBe('QR_CODE_NOT_FOUND');
      for (const format of ['png', 'svg', 'pdf']) {
        expect((await file(`/api/v1/qr-codes/${code.id}/poster.${format}`, as).expect(404)).body.toString()).toContain(
          'QR_CODE_NOT_FOUND',
        );
      }
      expect((await file(`/api/v1/compounds/${place.compound}/qr-posters.pdf`, as).expect(404)).body.toString()).toContain(
        'COMPOUND_NOT_FOUND',
      );
      expect((await resolve(code.token).expect(200)).body.compound.id).toBe(place.compound);
    });
  });
});

describe('QR codes in the demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SEED_DEMO: 'true' });
  });
  afterAll(() => t.close());

  it('has a code per compound, per building of 幸福里小区 and for its garage, printable by its manager', async () => {
    const manager = await t.signIn('13800000005');
    const [{ id }] = await t.db.query("SELECT id FROM compounds WHERE name = '幸福里小区'");
    const list = await t.http().get(`/api/v1/qr-codes?compoundId=${id}`).set('Authorization', manager).expect(200);
    expect(list.body.items.map((c: QrCodeView) => c.placeLabel)).toEqual([null, '1号楼', '2号楼', '3号楼', '3号楼地下车库']);
    expect(Number((await t.db.query('SELECT COUNT(*) AS n FROM qr_codes'))[0].n)).toBe(8);
    const pdf = await t
      .http()
      .get(`/api/v1/compounds/${id}/qr-posters.pdf`)
      .set('Authorization', manager)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(pages(pdf.body)).toBe(5);
    const scanned = await t.http().get(`/api/v1/qr-codes/resolve/${list.body.items[4].token}`).expect(200);
    expect(scanned.body).toMatchObject({
      compound: { name: '幸福里小区', address: '和平街道幸福路 18 号' },
      building: null,
      spotName: '3号楼地下车库',
    });
  });
});
