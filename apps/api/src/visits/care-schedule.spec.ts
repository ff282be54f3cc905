import { DEFAULT_ROUTINE_FREQUENCY_DAYS } from '@doorstep/contracts';
import { dueOf, frequencyDays, scheduleFrom } from './care-schedule';

const at = (iso: string) => new Date(iso);

describe('care schedule', () => {
  const schedule = scheduleFrom([
    { tag: 'elderly_alone', days: 3 },
    { tag: 'routine', days: 60 },
    { tag: 'not_a_tag', days: 1 },
  ]);

  it("takes a community's own days over the defaults and ignores unknown rows", () => {
    expect(schedule.days.elderly_alone).toBe(3);
    expect(schedule.days.low_income).toBe(30);
    expect(schedule.routineDays).toBe(60);
    expect(scheduleFrom([]).routineDays).toBe(DEFAULT_ROUTINE_FREQUENCY_DAYS);
  });

  it('uses the most demanding tag, or the routine frequency without one', () => {
    expect(frequencyDays(['low_income', 'elderly_alone'], schedule)).toBe(3);
    expect(frequencyDays([], schedule)).toBe(60);
  });

  it('counts whole days late from the last visit, or from when the household was entered', () => {
    const now = at('2026-03-20T00:00:00Z');
    expect(dueOf(['elderly_alone'], at('2026-03-10T00:00:00Z'), at('2025-01-01T00:00:00Z'), schedule, now)).toEqual({
      nextDueAt: at('2026-03-13T00:00:00Z'),
      overdueDays: 7,
    });
    expect(dueOf([], null, at('2026-03-01T00:00:00Z'), schedule, now).overdueDays).toBe(0);
  });
});
