import { allows, reaches, roleControl, roleControllers, scopeKey, scopesWith, PLATFORM } from './policy';

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

  describe('roleControl', () => {
    const companyCompound = [
      scopeKey('compound', 1),
      scopeKey('company', 7),
      scopeKey('community', 3),
      scopeKey('street', 4),
      PLATFORM,
    ];
    const sharedCompound = [scopeKey('compound', 2), scopeKey('community', 3), scopeKey('street', 4), PLATFORM];
    const community = { role: 'community_admin' as const, scopeType: 'community' as const, scopeId: 3 };
    const street = { role: 'street_admin' as const, scopeType: 'street' as const, scopeId: 4 };
    const manager = { role: 'manager' as const, scopeType: 'company' as const, scopeId: 7 };

    it('leaves a compound a company runs to the company and the platform', () => {
      const control = roleControl('compound', 1, companyCompound);
      expect(roleControllers([community, street], control)).toEqual([]);
      expect(roleControllers([community, manager], control)).toEqual([manager]);
    });

    it('leaves a company to its own managers and the platform', () => {
      const control = roleControl('company', 7, [scopeKey('company', 7), ...companyCompound]);
      expect(control.chain).toEqual([scopeKey('company', 7), PLATFORM]);
      expect(roleControllers([community, street], control)).toEqual([]);
    });

    it('leaves a shared-society compound to the community and the street', () => {
      const control = roleControl('compound', 2, sharedCompound);
      expect(roleControllers([community, street, manager], control)).toEqual([community, street]);
    });
  });
});
