import type { TicketEventView } from '@doorstep/contracts';

import { render } from '../../test/render';
import { Timeline } from './Timeline';

const event = (id: number, patch: Partial<TicketEventView>): TicketEventView => ({
  id,
  action: 'comment',
  fromStatus: null,
  toStatus: null,
  actorName: '周阿姨',
  actorRole: 'reporter',
  note: null,
  internal: false,
  createdAt: `2026-11-24T0${id}:00:00.000Z`,
  ...patch,
});

const EVENTS: TicketEventView[] = [
  event(1, { action: 'create', toStatus: 'submitted', actorName: '周阿姨' }),
  event(2, { action: 'accept', fromStatus: 'submitted', toStatus: 'accepted', actorName: '物业客服', actorRole: 'manager' }),
  event(3, { action: 'assign', fromStatus: 'accepted', toStatus: 'assigned', actorName: '物业客服', actorRole: 'manager' }),
  event(4, { action: 'comment', actorName: '陈师傅', actorRole: 'staff', note: '下午两点上门', internal: false }),
  event(5, { action: 'start', fromStatus: 'assigned', toStatus: 'in_progress', actorName: '陈师傅', actorRole: 'staff' }),
  event(6, {
    action: 'resolve',
    fromStatus: 'in_progress',
    toStatus: 'resolved',
    actorName: '陈师傅',
    actorRole: 'staff',
    note: '已更换接口',
  }),
  event(7, { action: 'rate', fromStatus: 'resolved', toStatus: 'closed', actorName: '周阿姨', note: '修得好' }),
];

const texts = (elements: HTMLElement[]) => elements.map((e) => e.textContent);

describe('Timeline', () => {
  it('tells the story in order: each step, who took it, and the status it led to', () => {
    const view = render(<Timeline events={EVENTS} />);
    expect(texts(view.all('timeline-action'))).toEqual(['提交', '受理', '派单', '留言', '开始处理', '办结', '评价']);
    expect(texts(view.all('timeline-actor'))).toEqual(['周阿姨', '物业客服', '物业客服', '陈师傅', '陈师傅', '陈师傅', '周阿姨']);
    // A comment changes no status, so it shows none.
    expect(texts(view.all('timeline-status'))).toEqual(['待受理', '已受理', '已派单', '处理中', '已办结（待评价）', '已评价']);
  });

  it('shows each note under its step and the time in Shanghai', () => {
    const view = render(<Timeline events={EVENTS} />);
    const items = view.all('timeline-item');
    expect(items[3].textContent).toContain('下午两点上门');
    expect(items[5].textContent).toContain('已更换接口');
    expect(items[0].textContent).toContain('11-24 09:00');
  });

  it('marks internal comments, which only staff receive', () => {
    const view = render(
      <Timeline events={[event(1, { action: 'comment', actorName: '刘经理', note: '配件明天到', internal: true })]} />,
    );
    expect(view.get('timeline-item').textContent).toContain('内部');
  });

  it('says so when there is nothing yet', () => {
    const view = render(<Timeline events={[]} />);
    expect(view.container.textContent).toBe('暂无记录');
  });
});
