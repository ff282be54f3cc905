import { ticketStatusLabel } from './ticket-status-label';

describe('ticketStatusLabel', () => {
  it('calls a merged duplicate 已合并, not 已评价', () => {
    expect(ticketStatusLabel({ status: 'closed', duplicateOfId: 1 })).toBe('已合并');
  });

  it('says what the status says otherwise', () => {
    expect(ticketStatusLabel({ status: 'closed', duplicateOfId: null })).toBe('已评价');
    expect(ticketStatusLabel({ status: 'closed' })).toBe('已评价');
    expect(ticketStatusLabel({ status: 'submitted', duplicateOfId: null })).toBe('待受理');
  });
});
