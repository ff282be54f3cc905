import { endOfShanghaiDay, formatShanghai, shanghaiDateStamp, shanghaiMonth, startOfShanghaiDay } from './shanghai-time';

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

describe('endOfShanghaiDay and shanghaiMonth', () => {
  it('ends the day at 16:00 UTC', () => {
    expect(endOfShanghaiDay(new Date('2026-03-02T16:00:00Z')).toISOString()).toBe('2026-03-03T16:00:00.000Z');
  });

  it('starts the month on the Shanghai date', () => {
    expect(shanghaiMonth(new Date('2026-10-31T17:00:00Z'))).toEqual({
      start: new Date('2026-10-31T16:00:00.000Z'),
      label: '2026-11',
    });
  });
});

describe('formatShanghai and shanghaiDateStamp', () => {
  it('shows the Shanghai wall clock, on the Shanghai date', () => {
    expect(formatShanghai(new Date('2026-03-10T15:59:59.999Z'))).toBe('2026-03-10 23:59');
    expect(formatShanghai(new Date('2026-12-31T16:05:00Z'))).toBe('2027-01-01 00:05');
    expect(shanghaiDateStamp(new Date('2026-12-31T16:05:00Z'))).toBe('20270101');
    expect(shanghaiDateStamp(new Date('2026-03-10T15:59:59.999Z'))).toBe('20260310');
  });
});
