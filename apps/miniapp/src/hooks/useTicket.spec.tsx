import '../../test/h5-env';
import { act } from 'react';
import Taro from '@tarojs/taro';
import type { TicketView } from '@doorstep/contracts';

import { render, tap, type Rendered } from '../../test/render';
import { ActionPanel } from '../components/ActionPanel';
import { isButtonAction } from '../services/tickets';
import { useTicket } from './useTicket';

const submitted = {
  id: 7,
  version: 1,
  kind: 'repair',
  status: 'submitted',
  handlerType: 'company',
  assigneeId: null,
  viewer: { actors: ['handler'], actions: ['accept'], following: false },
  photos: [],
} as unknown as TicketView;

/** The ticket page's action area: the real hook and the real panel, as the page wires them. */
function TicketActions() {
  const t = useTicket(7);
  if (!t.ticket) return null;
  return (
    <ActionPanel
      key={t.ticket.version}
      actions={t.ticket.viewer.actions.filter(isButtonAction)}
      pending={t.pending}
      onSubmit={(action, input) => void t.act(action, input)}
      assignees={{ items: [], loading: false }}
      currentAssigneeId={null}
      photos={{ tiles: [], max: 6, onAdd: () => undefined, onRemove: () => undefined }}
      reassignTargets={{ company: null, community: '社区（共享物业社）' }}
      duplicates={{ items: [], loading: false }}
    />
  );
}

type Refusal = { statusCode: number; code: string; message: string };

/**
 * The platform's request function answering as the API would: `ticket` to every read, and a tap
 * refused with `refusal` while the ticket moved on to `after`. Returns what was asked, in order.
 */
function serve(ticket: TicketView, refusal?: Refusal, after?: TicketView): string[] {
  const seen: string[] = [];
  let current = ticket;
  const request = (options: { url: string; method?: string }) => {
    seen.push(`${options.method} ${options.url}`);
    if (options.method === 'POST') {
      current = after ?? current;
      return Promise.resolve({ statusCode: refusal!.statusCode, data: refusal });
    }
    return Promise.resolve({ statusCode: 200, data: options.url.endsWith('/events') ? [] : current });
  };
  (Taro as unknown as { request: typeof request }).request = request;
  return seen;
}

const settle = () =>
  act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  });

async function tapAccept(view: Rendered) {
  tap(view.get('action-accept'));
  tap(view.get('action-submit'));
  await settle();
}

describe('useTicket: when the server refuses an action', () => {
  let toasts: string[];
  beforeEach(() => {
    toasts = [];
    jest.spyOn(Taro, 'showToast').mockImplementation((options) => {
      toasts.push(options!.title);
      return Promise.resolve({ errMsg: 'showToast:ok' });
    });
  });
  afterEach(() => jest.restoreAllMocks());

  it('says the action is not possible now (TICKET_INVALID_TRANSITION), and shows the ticket as it is', async () => {
    const seen = serve(
      submitted,
      { statusCode: 409, code: 'TICKET_INVALID_TRANSITION', message: '工单当前状态不能进行此操作，请刷新后查看' },
      { ...submitted, viewer: { ...submitted.viewer, actions: [] } },
    );
    const view = render(<TicketActions />);
    await settle();
    await tapAccept(view);
    expect(toasts).toEqual(['当前状态下不能进行此操作，已为您刷新']);
    expect(seen.filter((s) => s === 'GET /api/v1/tickets/7')).toHaveLength(2);
    expect(view.query('action-accept')).toBeNull();
  });

  it('says someone acted first (VERSION_CONFLICT), and shows the ticket as it is now', async () => {
    const seen = serve(
      submitted,
      { statusCode: 409, code: 'VERSION_CONFLICT', message: '内容已被他人修改，请刷新后重试' },
      { ...submitted, version: 2, status: 'accepted', viewer: { ...submitted.viewer, actions: ['assign'] } },
    );
    const view = render(<TicketActions />);
    await settle();
    await tapAccept(view);
    expect(toasts).toEqual(['工单刚刚有了新进展，已为您刷新，请确认后再操作']);
    expect(seen.filter((s) => s === 'GET /api/v1/tickets/7')).toHaveLength(2);
    expect(view.query('action-accept')).toBeNull();
    expect(view.get('action-assign').textContent).toBe('派单');
  });
});
