import type { BillView, PaymentView } from '@doorstep/contracts';
import type { Household } from '../src/households/household.entity';
import { Bill } from '../src/payments/bill.entity';
import { FeeItem } from '../src/payments/fee-item.entity';
import { shanghaiYear } from '../src/payments/payment-ledger';
import { yuan } from '../src/payments/receipt-pdf';
import { factories, type Factories } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';

describe('offline payments, reversals and receipts', () => {
  let t: TestApp;
  let f: Factories;
  let compound: number;
  let otherCompound: number;
  let item: number;
  let otherItem: number;
  let hs: Household[];
  let foreignHousehold: Household;
  const auth = {} as Record<
    'manager' | 'staff' | 'resident' | 'foreignResident' | 'foreignManager' | 'foreignStaff' | 'community',
    string
  >;
  const year = shanghaiYear(new Date());

  beforeAll(async () => {
    t = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400) });
    f = factories(t.db);
    const street = await f.street();
    const community = await f.community(street.id);
    const community2 = await f.community((await f.street()).id);
    const company = await f.company();
    const company2 = await f.company();
    compound = (await f.compound(community.id, { companyId: company.id, managementMode: 'company' })).id;
    otherCompound = (await f.compound(community2.id, { companyId: company2.id, managementMode: 'company' })).id;
    const building = await f.building(compound);
    hs = [];
    for (let i = 0; i < 6; i++) hs.push(await f.household(building as never, { areaHundredths: 8957 }));
    foreignHousehold = await f.household((await f.building(otherCompound)) as never);
    const fees = t.db.getRepository(FeeItem);
    const base = { rule: 'per_month' as const, priceFen: 1000, cycleMonths: 1, period: null, active: true };
    item = (await fees.save({ ...base, compoundId: compound, name: '物业费' })).id;
    otherItem = (await fees.save({ ...base, compoundId: otherCompound, name: '物业费' })).id;
    const resident = await f.user();
    await f.membership(hs[0], resident.id, 'verified');
    const foreignResident = await f.user();
    await f.membership(foreignHousehold, foreignResident.id, 'verified');
    auth.resident = await t.signIn(resident.phone!);
    auth.foreignResident = await t.signIn(foreignResident.phone!);
    auth.manager = await t.signInWithRole('manager', 'company', company.id);
    auth.staff = await t.signInWithRole('staff', 'company', company.id);
    auth.foreignManager = await t.signInWithRole('manager', 'company', company2.id);
    auth.foreignStaff = await t.signInWithRole('staff', 'company', company2.id);
    auth.community = await t.signInWithRole('community_admin', 'community', community.id);
  });
  afterAll(() => t?.close());

  const post = (url: string, body: object, who = auth.manager) =>
    t.http().post(`/api/v1${url}`).set('Authorization', who).send(body);
  const get = (url: string, who = auth.manager) => t.http().get(`/api/v1${url}`).set('Authorization', who);
  const pay = (body: object, key?: string, who = auth.manager) => {
    const req = post('/payments', body, who);
    return key ? req.set('Idempotency-Key', key) : req;
  };
  /** A bill of `amountFen` for the household in `period`. */
  const bill = async (h: Household, period: string, amountFen: number, feeItemId = item) =>
    f.bill(h, feeItemId, period, amountFen);
  const billRow = async (id: number) => (await t.db.getRepository(Bill).findOneByOrFail({ id })) as Bill;
  const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params))[0].n);

  describe('POST /api/v1/payments', () => {
    let march: Bill;
    let january: Bill;
    it('allocates to the oldest open bill first and numbers the receipt', async () => {
      march = await bill(hs[0], '2026-03', 10_000);
      january = await bill(hs[0], '2026-01', 10_000);
      const res = await pay({ householdId: hs[0].id, channel: 'cash', amountFen: 15_000, note: '前台收现金' }, 'pay-first-0001');
      expect(res.status).toBe(201);
      const p = res.body as PaymentView;
      expect(p).toMatchObject({ householdId: hs[0].id, channel: 'cash', amountFen: 15_000, reversal: null });
      expect(p.receiptNo).toMatch(new RegExp(`^${year}-\\d{6}$`));
      expect(p.allocations).toEqual([
        { billId: january.id, period: '2026-01', itemName: '物业费', amountFen: 10_000 },
        { billId: march.id, period: '2026-03', itemName: '物业费', amountFen: 5_000 },
      ]);
      expect(await billRow(january.id)).toMatchObject({ paidFen: 10_000, status: 'paid' });
      expect(await billRow(march.id)).toMatchObject({ paidFen: 5_000, status: 'partially_paid' });
    });

    it('records a resend with the same Idempotency-Key once (also when sent five times at once)', async () => {
      const body = { householdId: hs[0].id, channel: 'pos', amountFen: 1_000, reference: 'POS-778' };
      const again = await pay(
        { householdId: hs[0].id, channel: 'cash', amountFen: 15_000, note: '前台收现金' },
        'pay-first-0001',
      );
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const burst = await Promise.all(Array.from({ length: 5 }, () => pay(body, 'pay-burst-0001')));
      expect(burst.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
      expect(new Set(burst.map((r) => r.body.id)).size).toBe(1);
      expect(await billRow(march.id)).toMatchObject({ paidFen: 6_000, status: 'partially_paid' });
      const reused = await pay({ ...body, amountFen: 2_000 }, 'pay-burst-0001');
      expect(reused.status).toBe(422);
      expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('refuses more than the open bills owe with 422 (no household credit before WeChat Pay) and writes nothing', async () => {
      const before = await count('SELECT COUNT(*) AS n FROM payments');
      const res = await pay({ householdId: hs[0].id, channel: 'bank', amountFen: 4_001 });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'PAYMENT_EXCEEDS_OWED', details: { owedFen: 4_000 } });
      expect(await count('SELECT COUNT(*) AS n FROM payments')).toBe(before);
    });

    it('pays the named bills only, and refuses bills of another household or already paid (422)', async () => {
      const other = await bill(hs[1], '2026-01', 500);
      const bad = await pay({ householdId: hs[0].id, channel: 'bank', amountFen: 100, billIds: [other.id] });
      expect(bad.status).toBe(422);
      expect(bad.body.code).toBe('PAYMENT_BILLS_INVALID');
      const paid = await pay({ householdId: hs[0].id, channel: 'bank', amountFen: 100, billIds: [january.id] });
      expect(paid.status).toBe(422);
      const ok = await pay({ householdId: hs[1].id, channel: 'bank', amountFen: 500, billIds: [other.id] });
      expect(ok.status).toBe(201);
      expect(await billRow(other.id)).toMatchObject({ paidFen: 500, status: 'paid' });
    });

    it.each([
      [{ channel: 'cash', amountFen: 1.5 }, 'amountFen'],
      [{ channel: 'cash', amountFen: '100' }, 'amountFen'],
      [{ channel: 'cash', amountFen: 0 }, 'amountFen'],
      [{ channel: 'wechat', amountFen: 100 }, 'channel'],
      [{ channel: 'cash', amountFen: 100, billIds: [] }, 'billIds'],
      [{ channel: 'cash', amountFen: 100, paidFen: 5 }, 'paidFen'],
    ])('refuses %j naming %s (400)', async (body, field) => {
      const res = await pay({ householdId: hs[0].id, ...body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body.details)).toContain(field);
    });

    it('never over-allocates one bill when payments race: ten of 300 on a bill of 1000 → three succeed', async () => {
      const b = await bill(hs[2], '2026-02', 1_000);
      const res = await Promise.all(
        Array.from({ length: 10 }, () => pay({ householdId: hs[2].id, channel: 'cash', amountFen: 300, billIds: [b.id] })),
      );
      expect(res.filter((r) => r.status === 201)).toHaveLength(3);
      expect(res.filter((r) => r.status === 422).every((r) => r.body.code === 'PAYMENT_EXCEEDS_OWED')).toBe(true);
      expect(res.filter((r) => r.status !== 201 && r.status !== 422)).toEqual([]);
      expect(await billRow(b.id)).toMatchObject({ paidFen: 900, status: 'partially_paid' });
    });

    it('numbers 20 concurrent payments of one compound without gaps or repeats', async () => {
      for (const h of hs.slice(3)) await bill(h, '2026-04', 100_000);
      const res = await Promise.all(
        Array.from({ length: 20 }, (_, i) => pay({ householdId: hs[3 + (i % 3)].id, channel: 'cash', amountFen: 100 + i })),
      );
      expect(res.map((r) => r.status)).toEqual(Array(20).fill(201));
      const rows: Array<{ receipt_seq: number }> = await t.db.query(
        'SELECT receipt_seq FROM payments WHERE compound_id = ? AND receipt_year = ? ORDER BY receipt_seq',
        [compound, year],
      );
      expect(rows.map((r) => Number(r.receipt_seq))).toEqual(rows.map((_, i) => i + 1));
      const seqs = res.map((r) => Number((r.body as PaymentView).receiptNo.slice(5))).sort((a, b) => a - b);
      expect(seqs[seqs.length - 1] - seqs[0]).toBe(19);
    });

    it('numbers another compound from 1; a foreign manager or cashier gets 404, the community and a resident 403; the compound’s cashier may collect', async () => {
      await bill(foreignHousehold, '2026-01', 1_000, otherItem);
      const body = { householdId: foreignHousehold.id, channel: 'cash', amountFen: 100 };
      expect((await pay(body)).status).toBe(404);
      expect((await pay({ ...body, householdId: hs[0].id }, undefined, auth.foreignManager)).status).toBe(404);
      expect((await pay({ ...body, householdId: hs[0].id }, undefined, auth.foreignStaff)).status).toBe(404);
      // Past the authorization (more than owed, so nothing is written): 收费员 record payments.
      const cashier = await pay({ ...body, householdId: hs[0].id, amountFen: 99_999_999 }, undefined, auth.staff);
      expect(cashier.body.code).toBe('PAYMENT_EXCEEDS_OWED');
      expect((await pay({ ...body, householdId: hs[0].id }, undefined, auth.community)).status).toBe(403);
      expect((await pay({ ...body, householdId: hs[0].id }, undefined, auth.resident)).status).toBe(403);
      const own = await pay(body, undefined, auth.foreignManager);
      expect(own.status).toBe(201);
      expect(own.body.receiptNo).toBe(`${year}-000001`);
    });
  });

  describe('POST /api/v1/payments/:id/reverse', () => {
    it('reverses by a counter-entry: the payment stays, the bills go back; twice is 409', async () => {
      const b1 = await bill(hs[1], '2026-05', 700);
      const b2 = await bill(hs[1], '2026-06', 700);
      const p = (await pay({ householdId: hs[1].id, channel: 'bank', amountFen: 1_000 })).body as PaymentView;
      expect(await billRow(b1.id)).toMatchObject({ paidFen: 700, status: 'paid' });
      const res = await post(`/payments/${p.id}/reverse`, { reason: '金额录错' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: p.id, amountFen: 1_000, receiptNo: p.receiptNo, reversal: { reason: '金额录错' } });
      expect(await billRow(b1.id)).toMatchObject({ paidFen: 0, status: 'unpaid' });
      expect(await billRow(b2.id)).toMatchObject({ paidFen: 0, status: 'unpaid' });
      expect(await count('SELECT COUNT(*) AS n FROM payments WHERE id = ?', [p.id])).toBe(1);
      const again = await post(`/payments/${p.id}/reverse`, { reason: '金额录错' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('PAYMENT_ALREADY_REVERSED');
    });

    it('lets one of five simultaneous reversals win; the others get 409', async () => {
      const b = await bill(hs[1], '2026-07', 700);
      const p = (await pay({ householdId: hs[1].id, channel: 'cash', amountFen: 300, billIds: [b.id] })).body as PaymentView;
      const res = await Promise.all(Array.from({ length: 5 }, () => post(`/payments/${p.id}/reverse`, { reason: '重复录入' })));
      expect(res.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
      expect(await billRow(b.id)).toMatchObject({ paidFen: 0, status: 'unpaid' });
    });

    it('refuses a foreign manager (404), staff (403), a missing reason (400), a missing payment (404)', async () => {
      const b = await bill(hs[1], '2026-08', 700);
      const p = (await pay({ householdId: hs[1].id, channel: 'cash', amountFen: 300, billIds: [b.id] })).body as PaymentView;
      expect((await post(`/payments/${p.id}/reverse`, { reason: '错了' }, auth.foreignManager)).status).toBe(404);
      expect((await post(`/payments/${p.id}/reverse`, { reason: '错了' }, auth.staff)).status).toBe(403);
      expect((await post(`/payments/${p.id}/reverse`, {})).status).toBe(400);
      expect((await post('/payments/99999999/reverse', { reason: '错了' })).status).toBe(404);
    });
  });

  describe('GET /api/v1/payments, /payments/:id and /me/payments', () => {
    it('lists a compound’s payments newest first, filtered by household and channel, in pages', async () => {
      const page = await get(`/payments?compoundId=${compound}&householdId=${hs[0].id}&limit=1`);
      expect(page.status).toBe(200);
      expect(page.body.items).toHaveLength(1);
      expect(page.body.items.every((p: PaymentView) => p.householdId === hs[0].id)).toBe(true);
      expect(page.body.nextCursor).toBeTruthy();
      const pos = await get(`/payments?compoundId=${compound}&channel=pos`);
      expect(pos.body.items.map((p: PaymentView) => p.channel)).toEqual(['pos']);
      const future = await get(`/payments?compoundId=${compound}&from=2099-01-01T00:00:00Z`);
      expect(future.body.items).toEqual([]);
      expect((await get(`/payments?compoundId=${compound}&channel=alipay`)).status).toBe(400);
      expect((await get(`/payments?compoundId=${compound}`, auth.community)).status).toBe(200);
      expect((await get(`/payments?compoundId=${compound}`, auth.foreignManager)).status).toBe(404);
      expect((await get(`/payments?compoundId=${compound}`, auth.staff)).status).toBe(200);
      expect((await get(`/payments?compoundId=${compound}`, auth.resident)).status).toBe(403);
    });

    it('shows a resident their own household’s payments and receipts only', async () => {
      const mine = await get('/me/payments', auth.resident);
      expect(mine.status).toBe(200);
      expect(mine.body.items.length).toBeGreaterThan(0);
      expect(mine.body.items.every((p: PaymentView) => p.householdId === hs[0].id)).toBe(true);
      const one = mine.body.items[0] as PaymentView;
      expect((await get(`/payments/${one.id}`, auth.resident)).body.receiptNo).toBe(one.receiptNo);
      expect((await get(`/payments/${one.id}`, auth.foreignResident)).status).toBe(404);
      expect((await get(`/payments/${one.id}`, auth.foreignManager)).status).toBe(404);
      expect((await get(`/payments/${one.id}`, auth.foreignStaff)).status).toBe(404);
      expect((await get(`/me/payments?householdId=${hs[0].id}`, auth.foreignResident)).status).toBe(404);
      expect(
        (await get('/me/payments', auth.foreignResident)).body.items.every(
          (p: PaymentView) => p.householdId === foreignHousehold.id,
        ),
      ).toBe(true);
    });
  });

  describe('GET /api/v1/payments/:id/receipt.pdf', () => {
    const binary = (res: NodeJS.ReadableStream, done: (error: Error | null, body: Buffer) => void) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    };
    it('prints the receipt for the household’s member and the manager, not for another compound', async () => {
      const mine = (await get('/me/payments', auth.resident)).body.items[0] as PaymentView;
      const res = await get(`/payments/${mine.id}/receipt.pdf`, auth.resident)
        .buffer(true)
        .parse(binary as never);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toContain(mine.receiptNo);
      expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      expect(
        (
          await get(`/payments/${mine.id}/receipt.pdf`)
            .buffer(true)
            .parse(binary as never)
        ).status,
      ).toBe(200);
      const foreign = await get(`/payments/${mine.id}/receipt.pdf`, auth.foreignResident);
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('PAYMENT_NOT_FOUND');
    });

    it('formats fen as yuan', () => {
      expect([0, 5, 100, 123456789, -250].map(yuan)).toEqual(['0.00', '0.05', '1.00', '1,234,567.89', '-2.50']);
    });
  });

  it('keeps the books: after random payments and reversals, Σ payments − Σ reversals = Σ bills.paid_fen per household', async () => {
    const building = await f.building(compound);
    const households: Household[] = [];
    for (let i = 0; i < 4; i++) households.push(await f.household(building as never, { areaHundredths: 5000 }));
    const bills: BillView[] = [];
    for (const h of households)
      for (const period of ['2025-01', '2025-02', '2025-03']) bills.push((await bill(h, period, 5_000 + h.id)) as never);
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const made: number[] = [];
    for (let round = 0; round < 10; round++) {
      const batch = Array.from({ length: 6 }, () => {
        if (made.length && random(3) === 0) {
          const id = made[random(made.length)];
          return post(`/payments/${id}/reverse`, { reason: '随机冲正' });
        }
        const h = households[random(households.length)];
        return pay({ householdId: h.id, channel: (['cash', 'bank', 'pos'] as const)[random(3)], amountFen: 1 + random(1_500) });
      });
      for (const r of await Promise.all(batch)) {
        expect([200, 201, 409, 422]).toContain(r.status);
        if (r.status === 201) made.push(r.body.id);
      }
    }
    expect(made.length).toBeGreaterThan(10);
    for (const h of households) {
      const paid = await count('SELECT COALESCE(SUM(amount_fen), 0) AS n FROM payments WHERE household_id = ?', [h.id]);
      const reversed = await count('SELECT COALESCE(SUM(amount_fen), 0) AS n FROM payment_reversals WHERE household_id = ?', [
        h.id,
      ]);
      const onBills = await count('SELECT COALESCE(SUM(paid_fen), 0) AS n FROM bills WHERE household_id = ?', [h.id]);
      expect(paid - reversed).toBe(onBills);
      const over = await count(
        'SELECT COUNT(*) AS n FROM bills WHERE household_id = ? AND (paid_fen > amount_fen OR paid_fen < 0)',
        [h.id],
      );
      expect(over).toBe(0);
    }
  });
});
