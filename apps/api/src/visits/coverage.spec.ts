import { keptSchedule } from './coverage';

const day = (d: number, h = 0) => new Date(Date.UTC(2025, 2, d, h));

describe('keptSchedule', () => {
  it('keeps a weekly schedule with visits a week apart, a few hours late each time', () => {
    expect(keptSchedule(day(1), [day(8, 3), day(15, 6), day(22, 9), day(29, 12)], day(32), 7)).toBe(true);
  });

  it('breaks it on one stretch longer than the frequency and its day of grace', () => {
    expect(keptSchedule(day(1), [day(9, 1)], day(12), 7)).toBe(false);
    expect(keptSchedule(day(1), [day(9)], day(12), 7)).toBe(true);
  });

  it('counts the stretch from the last visit to the end of the window', () => {
    expect(keptSchedule(day(1), [day(5)], day(14), 7)).toBe(false);
  });

  it('takes visits in any order', () => {
    expect(keptSchedule(day(1), [day(15), day(8)], day(20), 7)).toBe(true);
  });
});
