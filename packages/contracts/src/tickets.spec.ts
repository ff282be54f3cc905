import fc from 'fast-check';
import {
  availableActions,
  HANDLER_TYPES,
  isOpenStatus,
  mayTake,
  nextStatus,
  TICKET_ACTIONS,
  TICKET_ACTORS,
  TICKET_COMMANDS,
  TICKET_RULES,
  TICKET_STATUS_GROUPS,
  TICKET_STATUSES,
  TRANSITIONS,
  type TicketAction,
  type TicketActor,
  type TicketFacts,
  type TicketStatus,
} from './tickets';

/** A ticket as it is after being reported to a company. */
const fresh: TicketFacts = {
  status: 'submitted',
  pausedFrom: null,
  handlerType: 'company',
  resolved: false,
  duplicateOfId: null,
  followUp: null,
};
const at = (status: TicketStatus, more: Partial<TicketFacts> = {}): TicketFacts => ({ ...fresh, status, ...more });
/** Closed after the work was done and rated: what a grid worker visits. */
const done = at('closed', { resolved: true });

const factsArb: fc.Arbitrary<TicketFacts> = fc.record({
  status: fc.constantFrom(...TICKET_STATUSES),
  pausedFrom: fc.option(fc.constantFrom(...TICKET_STATUSES)),
  handlerType: fc.constantFrom(...HANDLER_TYPES),
  resolved: fc.boolean(),
  duplicateOfId: fc.option(fc.integer({ min: 1, max: 1000 })),
  followUp: fc.option(fc.constantFrom('satisfied' as const, 'unsatisfied' as const)),
});
const actorsArb = fc.uniqueArray(fc.constantFrom(...TICKET_ACTORS));

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
    expect(availableActions(fresh, ['reporter'])).toEqual(['cancel']);
    expect(availableActions(at('resolved', { resolved: true }), ['reporter'])).toEqual(['rate', 'reopen']);
    expect(availableActions(at('rejected'), ['reporter'])).toEqual(['appeal']);
  });

  it('shows the handler what to do with a new ticket', () => {
    expect(availableActions(fresh, ['handler'])).toEqual(['accept', 'reject', 'divert', 'merge']);
    expect(availableActions(at('in_progress'), ['assignee'])).toEqual(['pause', 'resolve', 'hand_back']);
  });

  it('lets the assignee hand an assigned or started ticket back to the handler (退单), and nobody else', () => {
    expect(nextStatus('assigned', 'hand_back')).toBe('accepted');
    expect(nextStatus('in_progress', 'hand_back')).toBe('accepted');
    expect(availableActions(at('assigned'), ['assignee'])).toEqual(['start', 'pause', 'hand_back']);
    for (const status of TICKET_STATUSES.filter((s) => s !== 'assigned' && s !== 'in_progress')) {
      expect(mayTake('hand_back', ['assignee'], at(status, { pausedFrom: 'in_progress' }))).toBe('not_now');
    }
    for (const actor of TICKET_ACTORS.filter((a) => a !== 'assignee')) {
      expect(mayTake('hand_back', [actor], at('in_progress'))).toBe('not_yours');
    }
    // Back in the handler's hands: what they do with a freshly accepted ticket is offered again.
    expect(availableActions(at('accepted'), ['handler'])).toContain('assign');
  });

  it('names at least one actor and one source status for every action', () => {
    for (const a of TICKET_COMMANDS) {
      expect(TICKET_RULES[a].by.length).toBeGreaterThan(0);
      expect(TICKET_RULES[a].from.length).toBeGreaterThan(0);
    }
  });
});

describe('the rules beyond the status (guards)', () => {
  it('does not offer 分流 when the community already handles the ticket', () => {
    expect(mayTake('divert', ['handler'], fresh)).toBe('allowed');
    expect(mayTake('divert', ['handler'], at('submitted', { handlerType: 'community' }))).toBe('not_now');
    // A community admin handling a shared-society ticket is also its supervisor and visitor: still no 分流.
    expect(availableActions(at('submitted', { handlerType: 'community' }), ['handler', 'supervisor', 'visitor'])).toEqual([
      'accept',
      'reject',
      'reassign',
      'merge',
      'urge',
    ]);
  });

  it('offers 回访 once, and only of work that was done', () => {
    expect(mayTake('follow_up', ['visitor'], done)).toBe('allowed');
    expect(mayTake('follow_up', ['visitor'], { ...done, followUp: 'satisfied' })).toBe('not_now');
    expect(mayTake('follow_up', ['visitor'], { ...done, followUp: 'unsatisfied' })).toBe('not_now');
    // merged duplicate, upheld rejection: closed, never resolved
    expect(mayTake('follow_up', ['visitor'], at('closed', { duplicateOfId: 7 }))).toBe('not_now');
    expect(mayTake('follow_up', ['visitor'], at('closed'))).toBe('not_now');
    expect(mayTake('follow_up', ['visitor'], at('resolved', { resolved: true }))).toBe('not_now');
  });

  it('does not offer 恢复处理 when nobody knows where the ticket was', () => {
    expect(mayTake('resume', ['assignee'], at('paused', { pausedFrom: 'in_progress' }))).toBe('allowed');
    expect(mayTake('resume', ['assignee'], at('paused'))).toBe('not_now');
  });

  it('offers 督办 to supervisors of open tickets only, as a button of the machine', () => {
    for (const status of TICKET_STATUSES) {
      expect(mayTake('urge', ['supervisor'], at(status))).toBe(isOpenStatus(status) ? 'allowed' : 'not_now');
    }
    expect(mayTake('urge', ['handler', 'visitor', 'reporter'], fresh)).toBe('not_yours');
  });

  it('says "not yours" for a caller none of whose relations may ever take the action, whatever the state', () => {
    fc.assert(
      fc.property(factsArb, actorsArb, fc.constantFrom(...TICKET_COMMANDS), (facts, actors, action) => {
        const mine = TICKET_RULES[action].by.some((b) => actors.includes(b));
        expect(mayTake(action, actors, facts) === 'not_yours').toBe(!mine);
      }),
    );
  });

  it('offers a group of relations exactly what it offers each of them', () => {
    fc.assert(
      fc.property(factsArb, actorsArb, (facts, actors) => {
        const each = new Set(actors.flatMap((a) => availableActions(facts, [a])));
        expect(availableActions(facts, actors)).toEqual(TICKET_COMMANDS.filter((c) => each.has(c)));
      }),
    );
  });

  it('never offers a transition that leads nowhere', () => {
    fc.assert(
      fc.property(factsArb, actorsArb, (facts, actors) => {
        for (const action of availableActions(facts, actors)) {
          if (action !== 'urge') expect(nextStatus(facts.status, action, facts.pausedFrom)).not.toBeNull();
        }
      }),
    );
  });

  it('leaves no open ticket without something someone may do', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        fc.pre(isOpenStatus(facts.status));
        const humans = TICKET_ACTORS.filter((a): a is Exclude<TicketActor, 'system'> => a !== 'system');
        expect(availableActions(facts, humans).filter((a) => a !== 'urge').length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('isOpen, derived from the status', () => {
  /**
   * What the workflow wrote by hand before `isOpenStatus` (CLOSED on these, `isOpen: true` on those,
   * nothing on the rest), so the derived column is the same on every path.
   */
  const ENDS_WORK: readonly TicketAction[] = ['reject', 'resolve', 'cancel', 'rate', 'uphold', 'close', 'merge'];
  const BACK_TO_WORK: readonly TicketAction[] = ['appeal', 'reopen'];
  const handWritten = (action: TicketAction, from: TicketStatus, satisfied: boolean): boolean => {
    if (ENDS_WORK.includes(action)) return false;
    if (BACK_TO_WORK.includes(action)) return true;
    if (action === 'follow_up') return !satisfied;
    return isOpenStatus(from);
  };

  it('matches what each action meant, for every action from every status it leaves', () => {
    let checked = 0;
    for (const action of TICKET_ACTIONS) {
      for (const from of TRANSITIONS[action].from) {
        for (const pausedFrom of TRANSITIONS.pause.from) {
          for (const satisfied of [true, false]) {
            const to = action === 'follow_up' && !satisfied ? 'in_progress' : nextStatus(from, action, pausedFrom)!;
            expect({ action, from, open: isOpenStatus(to) }).toEqual({
              action,
              from,
              open: handWritten(action, from, satisfied),
            });
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('agrees with the groups of 我的工单', () => {
    expect(TICKET_STATUSES.filter(isOpenStatus)).toEqual([...TICKET_STATUS_GROUPS.open]);
  });
});
