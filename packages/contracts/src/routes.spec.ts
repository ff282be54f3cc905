import { buildPath, buildQuery, ENDPOINTS } from './routes';
import { maskPhone } from './phone';
import { careTagFromText } from './labels';
import { GRANTABLE_ROLES, ROLE_PERMISSIONS, ROLE_SCOPES } from './permissions';
import { ROLES } from './enums';

describe('contracts', () => {
  it('fills path parameters and refuses missing ones', () => {
    expect(buildPath(ENDPOINTS.getCompound.path, { id: 7 })).toBe('/compounds/7');
    expect(() => buildPath('/memberships/:id/verify', {})).toThrow(/missing path parameter id/);
  });

  it('builds query strings from defined values only', () => {
    expect(buildQuery({ compoundId: 3, cursor: undefined, status: '', limit: 20 })).toBe('?compoundId=3&limit=20');
    expect(buildQuery({})).toBe('');
  });

  it('masks phone numbers', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone('12345')).toBe('*****');
  });

  it('reads care tags by label or code', () => {
    expect(careTagFromText(' 独居老人 ')).toBe('elderly_alone');
    expect(careTagFromText('low_income')).toBe('low_income');
    expect(careTagFromText('VIP')).toBeUndefined();
  });

  it('only lets roles grant roles that can be assigned somewhere', () => {
    for (const role of ROLES) {
      for (const granted of GRANTABLE_ROLES[role]) expect(ROLE_SCOPES[granted].length).toBeGreaterThan(0);
    }
    expect(ROLE_PERMISSIONS.resident).toEqual([]);
  });
});
