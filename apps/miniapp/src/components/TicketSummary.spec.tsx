import { ticketFixture as ticket } from '../../test/fixtures';
import { render, tap } from '../../test/render';
import { TicketSummary } from './TicketSummary';

// Photos load through the signed-in request wrapper, which needs a built app's API address; these
// tests are about the text and links, so a photo is a plain placeholder here.
jest.mock('./AuthImage', () => ({ AuthImage: () => null }));

function setup(patch: Parameters<typeof ticket>[0]) {
  const opened: number[] = [];
  const view = render(
    <TicketSummary ticket={ticket(patch)} onPreview={() => undefined} onOpenTicket={(id) => opened.push(id)} />,
  );
  return { view, opened };
}

describe('TicketSummary', () => {
  it('calls a merged duplicate 已合并 (not 已评价) and opens the ticket it joined', () => {
    const { view, opened } = setup({
      status: 'closed',
      duplicateOfId: 3,
      viewer: { actors: ['reporter'], actions: [], following: false },
    });
    expect(view.get('ticket-status').textContent).toBe('已合并');
    expect(view.get('merged-into').textContent).toContain('工单号 3');
    tap(view.get('merged-into'));
    expect(opened).toEqual([3]);
  });

  it('says 已评价 for a rated ticket and offers no merge link', () => {
    const { view } = setup({ status: 'closed', duplicateOfId: null });
    expect(view.get('ticket-status').textContent).toBe('已评价');
    expect(view.query('merged-into')).toBeNull();
  });

  it('lets staff call the resident with one tap', () => {
    const { view } = setup({ reporterPhone: '13800000007' });
    const link = view.get('phone-link');
    expect(link.tagName).toBe('A');
    expect(link.getAttribute('href')).toBe('tel:13800000007');
  });

  it('shows a masked number, and the resident’s own, as text only', () => {
    expect(setup({ reporterPhone: '138****0007' }).view.query('phone-link')).toBeNull();
    const own = setup({ reporterPhone: '13800000007', viewer: { actors: ['reporter'], actions: [], following: false } });
    expect(own.view.query('phone-link')).toBeNull();
    expect(own.view.container.textContent).toContain('13800000007');
  });
});
