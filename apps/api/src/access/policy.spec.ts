import { allows, reaches, scopeKey, scopesWith, PLATFORM } from './policy';

describe('access policy', () => {
  const chain = [
    scopeKey('household', 5),
    scopeKey('building', 2),
    scopeKey('compound', 1),
    scopeKey('company', 7),
    scopeKey('community', 3),
    scopeKey('street', 4),
    PLATFORM,
  ];

  it('grants a manager of the serving company household contacts', () => {
    expect(allows([{ role: 'manager', scopeType: 'company', scopeId: 7 }], 'household.contact', chain)).toBe(true);
  });

  it('refuses a manager of another company', () => {
    const other = [{ role: 'manager' as const, scopeType: 'company' as const, scopeId: 8 }];
    expect(allows(other, 'household.read', chain)).toBe(false);
    expect(reaches(other, chain)).toBe(false);
  });

  it('refuses staff a permission their role lacks even inside their scope', () => {
    const staff = [{ role: 'staff' as const, scopeType: 'company' as const, scopeId: 7 }];
    expect(allows(staff, 'household.write', chain)).toBe(false);
    expect(reaches(staff, chain)).toBe(true);
  });

  it('lets the platform admin do everything', () => {
    expect(allows([{ role: 'platform_admin', scopeType: 'platform', scopeId: 0 }], 'role.assign', chain)).toBe(true);
  });

  it('groups the scopes holding a permission by type', () => {
    const scopes = scopesWith(
      [
        { role: 'manager', scopeType: 'company', scopeId: 7 },
        { role: 'staff', scopeType: 'compound', scopeId: 9 },
        { role: 'community_admin', scopeType: 'community', scopeId: 3 },
      ],
      'household.import',
    );
    expect(Object.fromEntries(scopes)).toEqual({ company: [7], community: [3] });
  });
});
