import type { TicketView } from '@doorstep/contracts';

import { render, tap } from '../../test/render';
import { InboxItem } from './InboxItem';

const NOW = Date.parse('2026-11-24T02:00:00.000Z');

const ticket = (patch: Partial<TicketView> = {}): TicketView => ({
  id: 7,
  version: 1,
  kind: 'repair',
  status: 'submitted',
  source: 'qr_scan',
  priority: 'normal',
  categoryId: 1,
  categoryName: '水电维修',
  description: '卫生间水管漏水',
  compoundId: 1,
  compoundName: '幸福里小区',
  buildingId: 1,
  buildingName: '1号楼',
  householdId: null,
  placeLabel: '1号楼',
  reporterName: '周阿姨',
  reporterPhone: '138****0007',
  complaintTarget: null,
  anonymous: false,
  handlerType: 'company',
  handlerName: '安居物业',
  assigneeId: null,
  assigneeName: null,
  acceptDeadline: '2026-11-24T02:08:12.000Z',
  resolveDeadline: '2026-11-24T10:00:00.000Z',
  dueAt: '2026-11-24T02:08:12.000Z',
  acceptBreached: false,
  resolveBreached: false,
  escalationLevel: 0,
  reopenCount: 0,
  followerCount: 0,
  preferredVisitAt: null,
  pauseReason: null,
  pauseUntil: null,
  rating: null,
  followUp: null,
  duplicateOfId: null,
  createdAt: '2026-11-24T01:58:00.000Z',
  acceptedAt: null,
  resolvedAt: null,
  closedAt: null,
  viewer: { actors: ['handler'], actions: ['accept', 'reject'], following: false },
  photos: [],
  ...patch,
});

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
