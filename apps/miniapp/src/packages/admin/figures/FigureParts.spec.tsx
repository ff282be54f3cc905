import type { Figures, FiguresRow } from '@doorstep/contracts';

import { render, tap } from '../../../../test/render';
import { Definition, FigureTable, Headline } from './FigureParts';

const figures = (over: Partial<Figures> = {}) =>
  ({
    tickets: 7,
    complaintsPer100: 15.79,
    onTimeAcceptBp: 5000,
    sameDayBp: 3333,
    satisfiedBp: null,
    followUpSatisfiedBp: 10000,
    escalated: 2,
    urges: 3,
    collectionBp: 8750,
    ...over,
  }) as Figures;

const row = (type: FiguresRow['subject']['type'], id: number, name: string, over: Partial<Figures> = {}): FiguresRow => ({
  subject: { type, id, name },
  figures: figures(over),
});

describe('Headline', () => {
  it('shows the ten headline figures in their units, — where there is nothing to divide by', () => {
    const view = render(<Headline figures={figures()} chosen="tickets" onChoose={() => undefined} />);
    expect(view.get('figure-tickets-value').textContent).toBe('7');
    expect(view.get('figure-onTimeAcceptBp-value').textContent).toBe('50.0%');
    expect(view.get('figure-sameDayBp-value').textContent).toBe('33.3%');
    expect(view.get('figure-satisfiedBp-value').textContent).toBe('—');
    expect(view.get('figure-complaintsPer100-value').textContent).toBe('15.79');
    expect(view.get('figure-collectionBp-value').textContent).toBe('87.5%');
    expect(view.get('figure-cards').children).toHaveLength(10);
    expect(view.get('figure-tickets').className).toContain('fig-card--active');
  });

  it('chooses the figure tapped', () => {
    const chosen: string[] = [];
    const view = render(<Headline figures={figures()} chosen="tickets" onChoose={(k) => chosen.push(k)} />);
    tap(view.get('figure-escalated'));
    expect(chosen).toEqual(['escalated']);
  });
});

describe('Definition', () => {
  it('says what the figure counts and offers its tickets', () => {
    let opened = 0;
    const view = render(<Definition figure="sameDayBp" onTickets={() => opened++} />);
    expect(view.get('figure-definition').textContent).toContain('上报当天（北京时间）办结的工单');
    tap(view.get('figure-show-tickets'));
    expect(opened).toBe(1);
  });

  it('says so when no ticket list explains the figure', () => {
    const view = render(<Definition figure="collectionBp" onTickets={null} />);
    expect(view.query('figure-show-tickets')).toBeNull();
    expect(view.get('figure-definition').textContent).toContain('没有对应的工单明细');
  });
});

describe('FigureTable', () => {
  it('opens a community or compound row, but not a 共享物业社 (read through its community)', () => {
    const opened: string[] = [];
    const view = render(
      <FigureTable
        testId="rows"
        rows={[row('community', 3, '幸福社区'), row('society', 3, '幸福社区共享物业社', { tickets: 1 })]}
        onOpen={(r) => opened.push(r.subject.name)}
      />,
    );
    expect(view.get('figure-child-community-3').textContent).toContain('有效工单7');
    tap(view.get('figure-child-community-3'));
    tap(view.get('figure-child-society-3'));
    expect(opened).toEqual(['幸福社区']);
    expect(view.get('figure-child-community-3').className).toContain('fig-table__row--link');
    expect(view.get('figure-child-society-3').className).not.toContain('fig-table__row--link');
  });

  it('without onOpen (the handlers) no row is a link', () => {
    const view = render(<FigureTable testId="rows" rows={[row('company', 1, '安居物业')]} />);
    expect(view.get('figure-child-company-1').className).not.toContain('--link');
  });

  it('says so when there is nothing below', () => {
    const view = render(<FigureTable testId="rows" rows={[]} onOpen={() => undefined} />);
    expect(view.get('status-empty').textContent).toContain('下面还没有单位');
  });
});
