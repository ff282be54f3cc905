import { ROLES } from '@doorstep/contracts';
import { SeedService } from '../src/seed/seed.service';
import { startTestApp, type TestApp } from './support/test-app';

describe('demo data', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ SEED_DEMO: 'true' });
  });
  afterAll(() => t.close());

  const count = async (table: string) => Number((await t.db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  it('seeds a street, two communities, four compounds (every management mode), two companies and ~300 households', async () => {
    expect(await count('streets')).toBe(1);
    expect(await count('communities')).toBe(2);
    expect(await count('property_companies')).toBe(2);
    expect(await count('grids')).toBe(3);
    const modes = (await t.db.query('SELECT management_mode AS m FROM compounds')).map((r: { m: string }) => r.m).sort();
    expect(modes).toEqual(['company', 'company', 'self', 'shared']);
    expect(await count('households')).toBe(288);
    expect(await count('household_tags')).toBeGreaterThan(20);
  });

  it('has a demo user for every role, each able to sign in', async () => {
    const demo = await t.http().get('/api/v1/auth/demo-users').expect(200);
    const roles = new Set(demo.body.flatMap((u: { roles: string[] }) => u.roles));
    for (const role of ROLES) expect(roles).toContain(role);
    for (const u of demo.body) await t.http().post('/api/v1/auth/demo').send({ phone: u.phone }).expect(200);
  });

  it('does nothing when run again', async () => {
    expect(await t.app.get(SeedService).seedIfEmpty()).toBe(false);
    expect(await count('households')).toBe(288);
  });
});
