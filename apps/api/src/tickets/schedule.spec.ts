import { schedule } from './schedule';
import type { Ticket } from './ticket.entity';

const settings = { autoCloseHours: 72, escalateToStreetHours: 24 };
const now = new Date('2026-03-02T02:00:00Z');
const at = (iso: string) => new Date(iso);
const base = {
  escalationLevel: 0,
  acceptDeadline: at('2026-03-02T02:10:00Z'),
  resolveDeadline: at('2026-03-02T16:00:00Z'),
  resolvedAt: null,
  pauseUntil: null,
  timerAt: null,
  dueAt: null,
} as unknown as Ticket;

describe('schedule', () => {
  it('waits for acceptance, then for resolution', () => {
    expect(schedule({ ...base, status: 'submitted' }, now, settings)).toEqual({
      dueAt: base.acceptDeadline,
      timerAt: base.acceptDeadline,
    });
    expect(schedule({ ...base, status: 'assigned' }, now, settings)).toEqual({
      dueAt: base.resolveDeadline,
      timerAt: base.resolveDeadline,
    });
  });

  it('closes a resolved ticket after the rating period', () => {
    const resolvedAt = at('2026-03-02T03:00:00Z');
    expect(schedule({ ...base, status: 'resolved', resolvedAt }, now, settings).timerAt).toEqual(at('2026-03-05T03:00:00Z'));
  });

  it('looks at a paused ticket again when the pause was meant to end, or after three days without a date', () => {
    const pauseUntil = at('2026-03-04T01:00:00Z');
    expect(schedule({ ...base, status: 'paused', pauseUntil }, now, settings)).toEqual({
      dueAt: pauseUntil,
      timerAt: pauseUntil,
    });
    expect(schedule({ ...base, status: 'paused' }, now, settings).timerAt).toEqual(at('2026-03-05T02:00:00Z'));
  });

  it('keeps the street timer of an escalated ticket through a pause', () => {
    const streetAt = at('2026-03-03T01:00:00Z');
    expect(schedule({ ...base, status: 'paused', escalationLevel: 1, timerAt: streetAt }, now, settings).timerAt).toEqual(
      streetAt,
    );
    expect(schedule({ ...base, status: 'in_progress', escalationLevel: 1, timerAt: streetAt }, now, settings).timerAt).toEqual(
      streetAt,
    );
  });

  it('stops at the street', () => {
    expect(schedule({ ...base, status: 'in_progress', escalationLevel: 2 }, now, settings).timerAt).toBeNull();
  });
});
