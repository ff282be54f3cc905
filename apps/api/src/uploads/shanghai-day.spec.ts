import { startOfShanghaiDay } from './shanghai-day';

describe('startOfShanghaiDay', () => {
  it('is 16:00 UTC of the previous UTC day', () => {
    expect(startOfShanghaiDay(new Date('2026-03-10T03:00:00Z')).toISOString()).toBe('2026-03-09T16:00:00.000Z');
  });

  it('turns over at Shanghai midnight, not UTC midnight', () => {
    expect(startOfShanghaiDay(new Date('2026-03-10T15:59:59.999Z')).toISOString()).toBe('2026-03-09T16:00:00.000Z');
    expect(startOfShanghaiDay(new Date('2026-03-10T16:00:00Z')).toISOString()).toBe('2026-03-10T16:00:00.000Z');
    expect(startOfShanghaiDay(new Date('2026-03-10T23:30:00Z')).toISOString()).toBe('2026-03-10T16:00:00.000Z');
  });
});
