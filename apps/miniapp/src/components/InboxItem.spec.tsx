import { ticketFixture as ticket } from '../../test/fixtures';
import { render, tap } from '../../test/render';
import { InboxItem } from './InboxItem';

const NOW = Date.parse('2026-11-24T02:00:00.000Z');

describe('InboxItem', () => {
  it('counts down to the accept deadline while the ticket waits to be accepted', () => {
    const view = render(<InboxItem ticket={ticket()} now={NOW} onOpen={() => undefined} />);
    expect(view.get('countdown').textContent).toBe('受理剩余 8分12秒');
    expect(view.get('inbox-item').getAttribute('data-breached')).toBe('false');
    expect(view.get('inbox-item').className).not.toContain('breached');
    expect(view.get('ticket-status').textContent).toBe('待受理');
  });

  it('ticks: a later `now` shows less time left', () => {
    const view = render(<InboxItem ticket={ticket()} now={NOW} onOpen={() => undefined} />);
    view.rerender(<InboxItem ticket={ticket()} now={NOW + 62_000} onOpen={() => undefined} />);
    expect(view.get('countdown').textContent).toBe('受理剩余 7分10秒');
  });

  it('turns red and says how long it is overdue once the deadline has passed', () => {
    const view = render(<InboxItem ticket={ticket()} now={NOW + 9 * 60_000} onOpen={() => undefined} />);
    expect(view.get('countdown').textContent).toBe('受理已超时 0分48秒');
    expect(view.get('inbox-item').getAttribute('data-breached')).toBe('true');
    expect(view.get('inbox-item').className).toContain('ticket-item--breached');
    expect(view.get('countdown').className).toContain('ticket-item__deadline--breached');
  });

  it('counts down to the resolve deadline once accepted, in hours', () => {
    const accepted = ticket({ status: 'in_progress', dueAt: '2026-11-24T10:00:00.000Z', assigneeName: '陈师傅' });
    const view = render(<InboxItem ticket={accepted} now={NOW} onOpen={() => undefined} />);
    expect(view.get('countdown').textContent).toBe('办结剩余 8小时0分');
    expect(view.get('inbox-item').textContent).toContain('处理人：陈师傅');
  });

  it('stays red when the server recorded a breach, and says when the clock is paused', () => {
    const breached = ticket({ status: 'paused', dueAt: null, resolveBreached: true });
    const view = render(<InboxItem ticket={breached} now={NOW} onOpen={() => undefined} />);
    expect(view.get('countdown').textContent).toBe('已挂起，计时暂停');
    expect(view.get('inbox-item').getAttribute('data-breached')).toBe('true');
  });

  it('names the escalation and opens the ticket on tap', () => {
    const opened: number[] = [];
    const view = render(
      <InboxItem ticket={ticket({ escalationLevel: 1, priority: 'urgent' })} now={NOW} onOpen={(id) => opened.push(id)} />,
    );
    expect(view.get('inbox-item').textContent).toContain('社区督办');
    expect(view.get('inbox-item').textContent).toContain('紧急');
    tap(view.get('inbox-item'));
    expect(opened).toEqual([7]);
  });
});
