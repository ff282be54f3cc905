import { availableActions, nextStatus, TICKET_ACTIONS, TRANSITIONS } from './tickets';

describe('ticket state machine', () => {
  it('walks the closed loop', () => {
    let s = nextStatus('submitted', 'accept')!;
    s = nextStatus(s, 'assign')!;
    s = nextStatus(s, 'start')!;
    s = nextStatus(s, 'resolve')!;
    expect(nextStatus(s, 'rate')).toBe('closed');
  });

  it('returns from a pause to where it was', () => {
    expect(nextStatus('paused', 'resume', 'assigned')).toBe('assigned');
    expect(nextStatus('paused', 'resume', 'in_progress')).toBe('in_progress');
    expect(nextStatus('paused', 'resume', null)).toBeNull();
  });

  it('refuses transitions not in the table', () => {
    expect(nextStatus('submitted', 'resolve')).toBeNull();
    expect(nextStatus('closed', 'cancel')).toBeNull();
    expect(nextStatus('accepted', 'cancel')).toBeNull();
    expect(nextStatus('rejected', 'accept')).toBeNull();
  });

  it('shows a reporter cancel before acceptance and rate/reopen after resolution', () => {
    expect(availableActions('submitted', ['reporter'])).toEqual(['cancel']);
    expect(availableActions('resolved', ['reporter'])).toEqual(['rate', 'reopen']);
    expect(availableActions('rejected', ['reporter'])).toEqual(['appeal']);
  });

  it('shows the handler what to do with a new ticket', () => {
    expect(availableActions('submitted', ['handler'])).toEqual(['accept', 'reject', 'divert', 'merge']);
    expect(availableActions('in_progress', ['assignee'])).toEqual(['pause', 'resolve']);
  });

  it('names at least one actor and one source status for every action', () => {
    for (const a of TICKET_ACTIONS) {
      expect(TRANSITIONS[a].by.length).toBeGreaterThan(0);
      expect(TRANSITIONS[a].from.length).toBeGreaterThan(0);
    }
  });
});
