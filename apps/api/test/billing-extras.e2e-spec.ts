import type ExcelJS from 'exceljs';
import type { BillReminderView } from '@doorstep/contracts';
import type { Household } from '../src/households/household.entity';
import type { Building } from '../src/places/building.entity';
import { Bill } from '../src/payments/bill.entity';
import { FeeItem } from '../src/payments/fee-item.entity';
import { Payment } from '../src/payments/payment.entity';
import { PaymentReversal } from '../src/payments/payment-reversal.entity';
import { periodAgeDays } from '../src/payments/billing-reports.service';
import { shanghaiDateStamp } from '../src/common/shanghai-time';
import { factories, type Factories } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import { binary, values, workbook } from './support/xlsx-downloads';

/** The 说明 sheet as item → text. */
function notes(wb: ExcelJS.Workbook): Record<string, string> {
  const out: Record<string, string> = {};
  wb.getWorksheet('说明')!.eachRow((row, n) => {
    if (n > 1) out[String(row.getCell(1).value)] = String(row.getCell(2).value);
  });
  return out;
}

describe('催缴 reminders and billing exports', () => {
  let t: TestApp;
  let f: Factories;
  let compound: number;
  let otherCompound: number;
  let buildingA: Building;
  let buildingB: Building;
  let item: number;
  /** h0: two bills (12345 fen and 1 fen) and a pending claimant; h1: two verified members; h2: nobody verified; h3: building B. */
  let h: Household[];
  let foreignHousehold: Household;
  const users = {} as Record<'r0' | 'pending0' | 'r1' | 'r1b' | 'r3', number>;
  const auth = {} as Record<'manager' | 'staff' | 'community' | 'resident' | 'foreignManager', string>;
  const bills = {} as Record<'jan0' | 'feb0' | 'jan1' | 'paid1' | 'jan2' | 'mar3' | 'future0' | 'foreign', Bill>;

  const bill = (hh: Household, period: string, amountFen: number, extra: Partial<Bill> = {}) =>
    f.bill(hh, item, period, amountFen, extra);

  beforeAll(async () => {
    t = await startTestApp({ ACCESS_TOKEN_TTL_SECONDS: String(365 * 86400) });
    f = factories(t.db);
    const street = await f.street();
    const community = await f.community(street.id);
    const community2 = await f.community((await f.street()).id);
    const company = await f.company();
    const company2 = await f.company();
    compound = (await f.compound(community.id, { companyId: company.id, managementMode: 'company', name: '幸福里' })).id;
    otherCompound = (await f.compound(community2.id, { companyId: company2.id, managementMode: 'company' })).id;
    buildingA = await f.building(compound, { name: '1号楼' });
    buildingB = await f.building(compound, { name: '2号楼' });
    h = [];
    for (let i = 0; i < 3; i++) h.push(await f.household(buildingA, { unit: '1', room: String(101 + i) }));
    h.push(await f.household(buildingB, { unit: '2', room: '201' }));
    foreignHousehold = await f.household(await f.building(otherCompound));
    const fees = t.db.getRepository(FeeItem);
    item = (
      await fees.save({
        compoundId: compound,
        name: '物业费',
        rule: 'per_month',
        priceFen: 1000,
        cycleMonths: 1,
        period: null,
        active: true,
      })
    ).id;
    const foreignItem = (
      await fees.save({
        compoundId: otherCompound,
        name: '物业费',
        rule: 'per_month',
        priceFen: 1000,
        cycleMonths: 1,
        period: null,
        active: true,
      })
    ).id;
    for (const key of ['r0', 'pending0', 'r1', 'r1b', 'r3'] as const) users[key] = (await f.user()).id;
    await f.membership(h[0], users.r0, 'verified');
    await f.membership(h[0], users.pending0, 'pending');
    await f.membership(h[1], users.r1, 'verified');
    await f.membership(h[1], users.r1b, 'verified');
    await f.membership(h[3], users.r3, 'verified');
    const r0 = await t.db.query('SELECT phone FROM users WHERE id = ?', [users.r0]);
    auth.resident = await t.signIn(String(r0[0].phone));
    auth.manager = await t.signInWithRole('manager', 'company', company.id);
    auth.staff = await t.signInWithRole('staff', 'company', company.id);
    auth.community = await t.signInWithRole('community_admin', 'community', community.id);
    auth.foreignManager = await t.signInWithRole('manager', 'company', company2.id);

    // 2026-01-31 16:30 UTC is 2026-02-01 00:30 in Shanghai: the date itself changes.
    const created = new Date('2026-01-31T16:30:00Z');
    bills.jan0 = await bill(h[0], '2026-01', 12345, { createdAt: created });
    bills.feb0 = await bill(h[0], '2026-02', 1, { createdAt: created });
    bills.jan1 = await bill(h[1], '2026-01', 10000, { paidFen: 5000, status: 'partially_paid', createdAt: created });
    bills.paid1 = await bill(h[1], '2026-02', 10000, { paidFen: 10000, status: 'paid', createdAt: created });
    bills.jan2 = await bill(h[2], '2026-01', 500, { createdAt: created });
    bills.mar3 = await bill(h[3], '2026-03', 700, { createdAt: created });
    // A period that has not begun is not owed yet: neither reminded nor in arrears.
    bills.future0 = await bill(h[0], '2099-01', 999, { createdAt: created });
    bills.foreign = await t.db.getRepository(Bill).save({
      ...bills.jan2,
      id: undefined,
      compoundId: otherCompound,
      buildingId: foreignHousehold.buildingId,
      householdId: foreignHousehold.id,
      feeItemId: foreignItem,
    });
  });
  afterAll(() => t?.close());

  const remind = (body: object, who = auth.manager, id = compound) =>
    t.http().post(`/api/v1/compounds/${id}/bill-reminders`).set('Authorization', who).send(body);
  const download = (url: string, who = auth.manager) =>
    t.http().get(`/api/v1/compounds/${compound}/${url}`).set('Authorization', who).buffer(true).parse(binary);
  const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query(sql, params))[0].n);
  const reminderMessages = () =>
    t.db.query(
      "SELECT user_id, title, body, page FROM notifications WHERE kind = 'bill_reminder' ORDER BY user_id, id",
    ) as Promise<Array<{ user_id: number; title: string; body: string; page: string }>>;

  describe('POST /api/v1/compounds/:id/bill-reminders', () => {
    const round = '2026-11 第1次';

    it('previews with dryRun: counts bills, households and recipients, writes nothing', async () => {
      const res = await remind({ round, dryRun: true }).expect(200);
      expect(res.body as BillReminderView).toEqual({
        round,
        bills: 4,
        households: 3,
        recipients: 4,
        alreadyReminded: 0,
        unreachableHouseholds: 1,
        dryRun: true,
      });
      expect(await count('SELECT COUNT(*) AS n FROM bill_reminders')).toBe(0);
      expect(await reminderMessages()).toEqual([]);
    });

    it('reminds each bill once when managers press at once: one message per verified member and household', async () => {
      const presses = await Promise.all(Array.from({ length: 4 }, () => remind({ round })));
      expect(presses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      const views = presses.map((r) => r.body as BillReminderView);
      expect(views.map((v) => v.bills).sort()).toEqual([0, 0, 0, 4]);
      expect(views.map((v) => v.alreadyReminded).sort()).toEqual([0, 4, 4, 4]);
      expect(views.find((v) => v.bills === 4)).toMatchObject({ households: 3, recipients: 4, dryRun: false });
      expect(await count('SELECT COUNT(*) AS n FROM bill_reminders WHERE round = ?', [round])).toBe(4);

      const messages = await reminderMessages();
      // Verified members only: not the pending claimant of h0, nobody for h2.
      expect(messages.map((m) => m.user_id).sort((x, y) => x - y)).toEqual(
        [users.r0, users.r1, users.r1b, users.r3].sort((x, y) => x - y),
      );
      const toR0 = messages.find((m) => m.user_id === users.r0)!;
      expect(toR0.title).toBe('缴费提醒：1号楼 1-101');
      expect(toR0.body).toBe(
        '1号楼 1-101 有 2 笔费用未缴清，合计 123.46 元：2026-01 物业费 123.45 元；2026-02 物业费 0.01 元。请尽快缴纳，已缴请忽略。',
      );
      expect(toR0.page).toBe('/packages/billing/mine');
      const toR1 = messages.find((m) => m.user_id === users.r1)!;
      expect(toR1.body).toContain('合计 50.00 元');
    });

    it('tells nobody again when the same round is rerun', async () => {
      const res = await remind({ round }).expect(200);
      expect(res.body).toMatchObject({ bills: 0, households: 0, recipients: 0, alreadyReminded: 4, unreachableHouseholds: 1 });
      expect(await reminderMessages()).toHaveLength(4);
    });

    it('shows when each household was last reminded in the arrears list', async () => {
      const res = await t
        .http()
        .get(`/api/v1/compounds/${compound}/arrears/households`)
        .set('Authorization', auth.manager)
        .expect(200);
      const byHousehold = new Map(
        (res.body.items as Array<{ householdId: number; lastRemindedAt: string | null }>).map((i) => [
          i.householdId,
          i.lastRemindedAt,
        ]),
      );
      expect(byHousehold.get(h[0].id)).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
      expect(byHousehold.get(h[3].id)).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
      // Nobody to tell, so never reminded.
      expect(byHousehold.get(h[2].id)).toBeNull();
    });

    it('shows the resident the message in their notifications', async () => {
      const res = await t.http().get('/api/v1/notifications').set('Authorization', auth.resident).expect(200);
      expect(res.body.items.map((n: { title: string }) => n.title)).toContain('缴费提醒：1号楼 1-101');
    });

    it('narrows a new round to a building, a household or a period', async () => {
      expect((await remind({ round: '2026-11 第2次', buildingId: buildingB.id, dryRun: true }).expect(200)).body).toMatchObject({
        bills: 1,
        households: 1,
        recipients: 1,
      });
      const one = await remind({ round: '2026-11 第2次', householdId: h[0].id, period: '2026-02' }).expect(200);
      expect(one.body).toMatchObject({ bills: 1, households: 1, recipients: 1, alreadyReminded: 0 });
      const messages = (await reminderMessages()).filter((m) => m.user_id === users.r0);
      expect(messages.at(-1)!.body).toBe(
        '1号楼 1-101 有 1 笔费用未缴清，合计 0.01 元：2026-02 物业费 0.01 元。请尽快缴纳，已缴请忽略。',
      );
      const rest = await remind({ round: '2026-11 第2次', householdId: h[0].id }).expect(200);
      expect(rest.body).toMatchObject({ bills: 1, alreadyReminded: 1 });
    });

    it('refuses a bad round, unknown fields and places of another compound with 400 naming the field', async () => {
      const cases: Array<[object, string]> = [
        [{ round: '' }, 'round'],
        [{ round: 'x'.repeat(33) }, 'round'],
        [{ round: '第1次\n第2次' }, 'round'],
        [{ round: 5 }, 'round'],
        [{ round, period: '2026-13' }, 'period'],
        [{ round, dryRun: 'yes' }, 'dryRun'],
        [{ round, buildingId: 0 }, 'buildingId'],
        [{ round, admin: true }, 'admin'],
        [{ round, householdId: foreignHousehold.id }, 'householdId'],
      ];
      for (const [body, field] of cases) {
        const res = await remind(body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(JSON.stringify(res.body.details)).toContain(field);
      }
      expect((await remind({ round: 'x'.repeat(32), dryRun: true })).status).toBe(200);
    });

    it('is for who runs the compound: staff and the community 403, another company 404, signed out 401', async () => {
      expect((await remind({ round, dryRun: true }, auth.staff)).status).toBe(403);
      expect((await remind({ round, dryRun: true }, auth.community)).status).toBe(403);
      // A resident holds no role: the route's guard answers before any compound is looked at.
      expect((await remind({ round, dryRun: true }, auth.resident)).status).toBe(403);
      const foreign = await remind({ round: '外来' }, auth.foreignManager);
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('COMPOUND_NOT_FOUND');
      expect(await count("SELECT COUNT(*) AS n FROM bill_reminders WHERE round = '外来'")).toBe(0);
      await t.http().post(`/api/v1/compounds/${compound}/bill-reminders`).send({ round }).expect(401);
      // Their own compound answers with its own households only.
      expect((await remind({ round, dryRun: true }, auth.foreignManager, otherCompound)).body).toMatchObject({
        bills: 0,
        unreachableHouseholds: 1,
      });
    });
  });

  describe('GET /api/v1/compounds/:id/bills.xlsx', () => {
    it('lists the bills with Chinese headers, 元 as exact numbers with two decimals and Shanghai times', async () => {
      const res = await download('bills.xlsx').expect(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers['content-disposition']).toContain(`bills-${compound}-${shanghaiDateStamp(t.clock.now())}.xlsx`);
      const wb = await workbook(res.body as Buffer);
      const sheet = wb.getWorksheet('账单')!;
      const rows = values(sheet);
      expect(rows[0]).toEqual(
        '账单编号|账期|楼栋|房屋|收费项目|计费方式|单价（元）|面积（㎡）|月数|应收（元）|已缴（元）|欠费（元）|状态|状态说明|出账时间'.split(
          '|',
        ),
      );
      expect(rows).toHaveLength(1 + 7);
      const byId = new Map(rows.slice(1).map((r) => [r[0], r]));
      expect(byId.get(bills.jan0.id)).toEqual([
        bills.jan0.id,
        '2026-01',
        '1号楼',
        '1-101',
        '物业费',
        '按月固定',
        123.45,
        null,
        1,
        123.45,
        0,
        123.45,
        '待缴',
        null,
        '2026-02-01 00:30',
      ]);
      expect(byId.get(bills.feb0.id)!.slice(9, 12)).toEqual([0.01, 0, 0.01]);
      expect(byId.get(bills.jan1.id)!.slice(9, 13)).toEqual([100, 50, 50, '部分缴纳']);
      expect(byId.get(bills.paid1.id)!.slice(11, 13)).toEqual([0, '已缴清']);
      expect(byId.has(bills.foreign.id)).toBe(false);
      // The amounts carry the two-decimal format, so 50 shows as 50.00.
      const jan0Row = rows.findIndex((r) => r[0] === bills.jan0.id) + 1;
      expect(sheet.getRow(jan0Row).getCell(10).numFmt).toBe('0.00');
      expect(notes(wb)).toMatchObject({
        小区: '幸福里',
        筛选条件: '全部',
        账单数: '7',
        '应收合计（元）': '345.45',
        '已缴合计（元）': '150.00',
        // 123.45 + 0.01 + 50 + 5 + 7 + 9.99 (the 2099 bill is a bill, just not yet owed in arrears)
        '欠费合计（元）': '195.45',
      });
    });

    it('filters by period and status', async () => {
      const res = await download('bills.xlsx?period=2026-01&status=unpaid').expect(200);
      const wb = await workbook(res.body as Buffer);
      const ids = values(wb.getWorksheet('账单')!)
        .slice(1)
        .map((r) => r[0]);
      expect(ids.sort()).toEqual([bills.jan0.id, bills.jan2.id].sort());
      expect(notes(wb)['筛选条件']).toBe('账期 2026-01，状态 待缴');
    });

    it('refuses bad queries with 400 and other compounds with 404; the cashiers (staff) may export', async () => {
      expect((await download('bills.xlsx?status=bogus')).status).toBe(400);
      expect((await download('bills.xlsx?period=2026-1')).status).toBe(400);
      expect((await download('bills.xlsx?extra=1')).status).toBe(400);
      expect((await download('bills.xlsx', auth.staff)).status).toBe(200);
      expect((await download('bills.xlsx', auth.foreignManager)).status).toBe(404);
      expect((await download('bills.xlsx', auth.community)).status).toBe(200);
    });
  });

  describe('GET /api/v1/compounds/:id/payments.xlsx', () => {
    let paymentId: number;
    let reversedId: number;
    beforeAll(async () => {
      const pay = (amountFen: number, channel: string, key: string) =>
        t
          .http()
          .post('/api/v1/payments')
          .set('Authorization', auth.manager)
          .set('Idempotency-Key', key)
          .send({ householdId: h[0].id, channel, amountFen, reference: 'POS-1' });
      paymentId = (await pay(12345, 'pos', 'export-pay-0001').expect(201)).body.id;
      reversedId = (await pay(1, 'cash', 'export-pay-0002').expect(201)).body.id;
      await t
        .http()
        .post(`/api/v1/payments/${reversedId}/reverse`)
        .set('Authorization', auth.manager)
        .send({ reason: '收错了' })
        .expect(200);
      // Known instants, to check the Shanghai times: 2026-03-01 01:05 and 2026-03-01 23:59 there.
      await t.db.getRepository(Payment).update(paymentId, { createdAt: new Date('2026-02-28T17:05:00Z') });
      await t.db.getRepository(Payment).update(reversedId, { createdAt: new Date('2026-03-01T15:59:00Z') });
      await t.db
        .getRepository(PaymentReversal)
        .update({ paymentId: reversedId }, { createdAt: new Date('2026-03-02T02:00:00Z') });
    });

    it('lists every payment with channel, receipt, household, allocations and the 冲正 marked', async () => {
      const res = await download('payments.xlsx').expect(200);
      const wb = await workbook(res.body as Buffer);
      const rows = values(wb.getWorksheet('收款')!);
      expect(rows[0]).toEqual(
        '收据号|收款时间|楼栋|房屋|收款方式|金额（元）|分配到账单|参考号|备注|收款人|冲正|冲正时间|冲正原因'.split('|'),
      );
      expect(rows).toHaveLength(3);
      const [first, second] = rows.slice(1);
      expect(first.slice(1, 8)).toEqual([
        '2026-03-01 01:05',
        '1号楼',
        '1-101',
        'POS 刷卡',
        123.45,
        '2026-01 物业费 123.45',
        'POS-1',
      ]);
      expect(first[0]).toMatch(/^\d{4}-\d{6}$/);
      expect(first[10]).toBeNull();
      expect(second.slice(1, 7)).toEqual(['2026-03-01 23:59', '1号楼', '1-101', '现金', 0.01, '2026-02 物业费 0.01']);
      expect(second.slice(9)).toEqual(['manager', '已冲正', '2026-03-02 10:00', '收错了']);
      expect(notes(wb)).toMatchObject({
        收款笔数: '2',
        '收款合计（元）': '123.46',
        已冲正: '1 笔，0.01 元',
        '实收合计（元）': '123.45',
      });
    });

    it('filters by time, from inclusive and to exclusive', async () => {
      const res = await download('payments.xlsx?from=2026-02-28T17:05:00Z&to=2026-03-01T15:59:00Z').expect(200);
      const rows = values((await workbook(res.body as Buffer)).getWorksheet('收款')!);
      expect(rows).toHaveLength(2);
      expect(rows[1][5]).toBe(123.45);
      expect((await download('payments.xlsx?from=yesterday')).status).toBe(400);
    });
  });

  describe('GET /api/v1/compounds/:id/arrears.xlsx', () => {
    it('lists households in arrears with age buckets and the last reminder, summed in fen', async () => {
      const res = await download('arrears.xlsx').expect(200);
      const wb = await workbook(res.body as Buffer);
      const rows = values(wb.getWorksheet('欠费')!);
      expect(rows[0]).toEqual(
        '楼栋|房屋|欠费合计（元）|欠费笔数|最早欠费账期|欠费天数|账龄 0–30天（元）|账龄 31–90天（元）|账龄 91–180天（元）|账龄 181–365天（元）|账龄 365天以上（元）|最近催缴'.split(
          '|',
        ),
      );
      const now = t.clock.now();
      /** The five buckets' 元 for one period's amount. */
      const buckets = (period: string, yuan: number) => {
        const days = periodAgeDays(period, now);
        const i = [30, 90, 180, 365].findIndex((max) => days <= max);
        return [0, 0, 0, 0, 0].map((zero, k) => (k === (i === -1 ? 4 : i) ? yuan : zero));
      };
      // After the payments above h0 owes nothing on 2026-01 and 2026-02 (123.45 + 0.01 paid, 0.01 reversed).
      const byRoom = new Map(rows.slice(1).map((r) => [r[1], r]));
      expect([...byRoom.keys()].sort()).toEqual(['1-101', '1-102', '1-103', '2-201']);
      expect(byRoom.get('1-101')!.slice(0, 6)).toEqual(['1号楼', '1-101', 0.01, 1, '2026-02', periodAgeDays('2026-02', now)]);
      expect(byRoom.get('1-101')!.slice(6, 11)).toEqual(buckets('2026-02', 0.01));
      expect(byRoom.get('1-102')!.slice(2, 4)).toEqual([50, 1]);
      expect(byRoom.get('1-103')![11]).toBeNull();
      expect(byRoom.get('2-201')![11]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      expect(notes(wb)).toMatchObject({ 欠费户数: '4', 欠费笔数: '4', '欠费合计（元）': '62.01' });
    });

    it("is for the compound's readers only", async () => {
      expect((await download('arrears.xlsx', auth.staff)).status).toBe(200);
      expect((await download('arrears.xlsx', auth.foreignManager)).status).toBe(404);
      expect((await download('arrears.xlsx', auth.resident)).status).toBe(403);
    });
  });

  describe('the row cap (payments.xlsx)', () => {
    it('refuses more than LIMITS.exportMaxRows payments with 422 BILLING_EXPORT_TOO_LARGE', async () => {
      const columns = t.db
        .getMetadata(Payment)
        .columns.filter((c) => !c.isPrimary && c.databaseName !== 'receipt_seq')
        .map((c) => c.databaseName)
        .join(', ');
      // Doubling the compound's payments (fresh receipt numbers) 13 times: 2 → 16 384 rows.
      for (let i = 0; i < 13; i++) {
        const offset = await count('SELECT MAX(receipt_seq) AS n FROM payments WHERE compound_id = ?', [compound]);
        await t.db.query(
          `INSERT INTO payments (${columns}, receipt_seq) SELECT ${columns}, receipt_seq + ? FROM payments WHERE compound_id = ?`,
          [offset, compound],
        );
      }
      const res = await download('payments.xlsx');
      expect(res.status).toBe(422);
      const error = JSON.parse((res.body as Buffer).toString('utf8'));
      expect(error).toMatchObject({ code: 'BILLING_EXPORT_TOO_LARGE', details: { count: 16_384, max: 10_000 } });
      expect(error.message).toBe('符合条件的记录超过 10000 条，请缩小账期或时间范围后再导出');
    });
  });
});
