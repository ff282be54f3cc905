import { computeDeadlines } from './sla';

const at = (iso: string) => new Date(iso);
const policy = { acceptMinutes: 10, resolveHours: null, priority: 'normal' as const };

describe('deadlines', () => {
  it('accepts within the category minutes', () => {
    expect(computeDeadlines(at('2026-03-02T01:00:00Z'), policy).acceptDeadline.toISOString()).toBe('2026-03-02T01:10:00.000Z');
  });

  it('resolves by the end of the same Shanghai day (当日办结)', () => {
    // 09:00 in Shanghai → due 24:00 Shanghai = 16:00 UTC.
    expect(computeDeadlines(at('2026-03-02T01:00:00Z'), policy).resolveDeadline.toISOString()).toBe('2026-03-02T16:00:00.000Z');
  });

  it('uses the Shanghai date, not the UTC date, near midnight UTC', () => {
    // 23:30 UTC on the 1st is 07:30 on the 2nd in Shanghai.
    expect(computeDeadlines(at('2026-03-01T23:30:00Z'), policy).resolveDeadline.toISOString()).toBe('2026-03-02T16:00:00.000Z');
  });

  it('gives reports after 18:00 Shanghai the next day', () => {
    // 19:00 Shanghai on the 2nd → end of the 3rd.
    expect(computeDeadlines(at('2026-03-02T11:00:00Z'), policy).resolveDeadline.toISOString()).toBe('2026-03-03T16:00:00.000Z');
  });

  it('gives emergencies four hours at most', () => {
    const d = computeDeadlines(at('2026-03-02T01:00:00Z'), { ...policy, priority: 'emergency' });
    expect(d.resolveDeadline.toISOString()).toBe('2026-03-02T05:00:00.000Z');
    const two = computeDeadlines(at('2026-03-02T01:00:00Z'), { ...policy, priority: 'emergency', resolveHours: 2 });
    expect(two.resolveDeadline.toISOString()).toBe('2026-03-02T03:00:00.000Z');
  });

  it('uses fixed hours when the category sets them', () => {
    const d = computeDeadlines(at('2026-03-02T01:00:00Z'), { ...policy, resolveHours: 72 });
    expect(d.resolveDeadline.toISOString()).toBe('2026-03-05T01:00:00.000Z');
  });
});
