import type { Role } from '@doorstep/contracts';
import { factories, type Factories } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import { startWechatPay, type WechatPayWorld } from './support/wechatpay';
import type { User } from '../src/users/user.entity';
import { ACTORS, type Actor, type Case, type Req, type World } from './permissions/matrix';
import { FOUNDATION_CASES } from './permissions/foundation.cases';
import { TICKET_CASES } from './permissions/tickets.cases';
import { UPLOAD_CASES } from './permissions/uploads.cases';
import { QR_CASES } from './permissions/qr.cases';
import { ADMIN_CASES } from './permissions/admin.cases';
import { PAYMENT_CASES } from './permissions/payments.cases';
import { VISIT_CASES } from './permissions/visits.cases';
import { FIGURE_CASES, SCORE_CASES } from './permissions/figures.cases';

/**
 * The permission matrix: every endpoint × every role × an object in the role's own scope and one in a
 * foreign scope. Allowed calls succeed; refused ones are 403/404 (never a leak); without a token, 401.
 * A last test fails when an endpoint exists that no case file in ./permissions covers.
 */
const CASES: Case[] = [
  ...FOUNDATION_CASES,
  ...TICKET_CASES,
  ...UPLOAD_CASES,
  ...QR_CASES,
  ...ADMIN_CASES,
  ...PAYMENT_CASES,
  ...VISIT_CASES,
  ...FIGURE_CASES,
  ...SCORE_CASES,
];

describe('permission matrix', () => {
  let t: TestApp;
  let wechatPay: WechatPayWorld;
  let w: World;
  const tokens = {} as Record<Actor, string>;

  beforeAll(async () => {
    wechatPay = await startWechatPay({ notifyRefunds: false });
    t = await startTestApp(wechatPay.env);
    const f = Object.assign(factories(t.db), { __db: t.db });
    const street = await f.street();
    const street2 = await f.street();
    const community = await f.community(street.id);
    const community2 = await f.community(street2.id);
    const grid = await f.grid(community.id);
    const grid2 = await f.grid(community2.id);
    const company = await f.company();
    const company2 = await f.company();
    const compound = await f.compound(community.id, { companyId: company.id, managementMode: 'company' });
    const compound2 = await f.compound(community2.id, { companyId: company2.id, managementMode: 'company' });
    const building = await f.building(compound.id, { gridId: grid.id });
    const building2 = await f.building(compound2.id, { gridId: grid2.id });
    const household = await f.household(building);
    const household2 = await f.household(building2);
    const scoped: Array<[Role, Parameters<Factories['role']>[2], number]> = [
      ['platform_admin', 'platform', 0],
      ['street_admin', 'street', street.id],
      ['community_admin', 'community', community.id],
      ['grid_worker', 'grid', grid.id],
      ['building_leader', 'building', building.id],
      ['manager', 'company', company.id],
      ['staff', 'company', company.id],
    ];
    const users = {} as Record<Actor, User>;
    for (const [role, scopeType, scopeId] of scoped) {
      users[role] = await f.user({ name: role });
      await f.role(users[role].id, role, scopeType, scopeId);
    }
    users.resident = await f.user({ name: 'resident' });
    await f.membership(household, users.resident.id, 'verified');
    users.stranger = await f.user({ name: 'stranger' });
    w = {
      f,
      street: street.id,
      street2: street2.id,
      community: community.id,
      community2: community2.id,
      grid: grid.id,
      grid2: grid2.id,
      company: company.id,
      company2: company2.id,
      compound: compound.id,
      compound2: compound2.id,
      building: building.id,
      building2: building2.id,
      household,
      household2,
      users,
    };
    for (const actor of ACTORS) tokens[actor] = await t.signIn(users[actor].phone!);
  });
  afterAll(async () => {
    await t.close();
    await wechatPay.close();
  });

  async function send(req: Req, auth: string | null) {
    let r = t.http()[req.method.toLowerCase() as 'get'](req.url);
    if (auth) r = r.set('Authorization', auth);
    if (req.file)
      return r.attach('file', Buffer.from(req.file.content), { filename: req.file.filename, contentType: req.file.contentType });
    return req.body ? r.send(req.body) : r;
  }

  /** Logout ends the session it is called with, so it gets a session of its own. */
  const authFor = async (actor: Actor, req: Req) =>
    req.url.endsWith('/auth/logout') ? t.signIn(w.users[actor].phone!) : tokens[actor];

  const allows = (c: Case, actor: Actor) => c.allowed === 'public' || c.allowed === 'signed-in' || c.allowed.includes(actor);
  const describeAllowed = (c: Case) => (typeof c.allowed === 'string' ? c.allowed : c.allowed.join(', '));

  for (const c of CASES) {
    describe(`${c.route} (${describeAllowed(c)})`, () => {
      for (const actor of ACTORS) {
        const expected = allows(c, actor) ? 'allowed' : 'refused';
        it(`${actor}, own scope: ${expected}`, async () => {
          const req = await c.own(w, actor);
          const res = await send(req, await authFor(actor, req));
          if (c.allowed === 'public') {
            expect(res.status).not.toBe(500);
            expect([401, 403].includes(res.status) && res.body.code === 'UNAUTHENTICATED').toBe(false);
          } else if (expected === 'allowed') {
            expectSuccess(res);
            if (c.leaks && actor !== 'platform_admin') expect(c.leaks(res.body, w, actor)).toBe(false);
          } else {
            expect([403, 404]).toContain(res.status);
            expect(res.body.code).toEqual(expect.any(String));
          }
        });
        if (c.foreign && c.allowed !== 'public') {
          const foreignAllowed = c.foreignAllowed
            ? c.foreignAllowed.includes(actor)
            : !c.ownerOnly && (c.allowed === 'signed-in' || actor === 'platform_admin');
          it(`${actor}, foreign scope: ${foreignAllowed ? 'allowed' : 'refused'}`, async () => {
            const req = await c.foreign!(w, actor);
            const res = await send(req, await authFor(actor, req));
            if (foreignAllowed && !c.foreignOnlyPlatform) {
              expectSuccess(res);
            } else if (foreignAllowed) {
              // Someone else's object behind a signed-in route (an account): only the platform admin.
              expect(actor === 'platform_admin' ? res.status < 300 : res.status === 404).toBe(true);
            } else {
              expect([403, 404]).toContain(res.status);
            }
          });
        }
      }
      if (c.allowed !== 'public') {
        it('anonymous: 401', async () => {
          const res = await send(await c.own(w, 'stranger'), null);
          expect(res.status).toBe(401);
          expect(res.body.code).toBe('UNAUTHENTICATED');
        });
      }
    });
  }

  it('covers every endpoint the API serves', () => {
    const served = t.routes
      .filter((r) => r.url.startsWith('/api/v1') && r.method !== 'HEAD' && r.method !== 'OPTIONS')
      .map((r) => `${r.method} ${r.url}`);
    const covered = new Set(CASES.map((c) => c.route));
    expect(served.filter((r) => !covered.has(r)).sort()).toEqual([]);
    expect([...covered].filter((r) => !served.includes(r)).sort()).toEqual([]);
  });
});

/** A 2xx status, or a failure that shows what came back instead. */
function expectSuccess(res: { status: number; body: unknown }): void {
  expect(res.status >= 200 && res.status < 300 ? 'success' : `${res.status} ${JSON.stringify(res.body)}`).toBe('success');
}
