import { CALLER_MAX_AGE_MS, CallerCache } from './caller-cache';

describe('CallerCache', () => {
  let now = 0;
  const caller = {
    userId: 7,
    name: '刘经理',
    assignments: [{ role: 'manager' as const, scopeType: 'company' as const, scopeId: 1 }],
  };
  const fresh = () => new CallerCache(() => now);

  beforeEach(() => (now = 0));

  it('answers a stored session until the user is forgotten', () => {
    const cache = fresh();
    cache.put(cache.ticket(), 3, caller);
    expect(cache.get(3)).toEqual(caller);
    cache.forgetUser(7);
    expect(cache.get(3)).toBeNull();
  });

  it('remembers a revoked session as revoked, also after clear()', () => {
    const cache = fresh();
    cache.put(cache.ticket(), 3, caller);
    cache.revokeSession(3);
    cache.clear();
    expect(cache.get(3)).toBe('revoked');
  });

  it('does not store what was read before a change arrived', () => {
    const cache = fresh();
    const ticket = cache.ticket();
    cache.forgetUser(7);
    cache.put(ticket, 3, caller);
    expect(cache.get(3)).toBeNull();
  });

  it('lets entries age out, as a safety net for changes made behind the API', () => {
    const cache = fresh();
    cache.put(cache.ticket(), 3, caller);
    now = CALLER_MAX_AGE_MS + 1;
    expect(cache.get(3)).toBeNull();
  });
});
