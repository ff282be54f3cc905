import { summarize } from './ticket.view';

describe('summarize (已有人反映)', () => {
  it('keeps a short description whole, on one line', () => {
    expect(summarize('厨房水管漏水，\n地上全是水')).toBe('厨房水管漏水， 地上全是水');
  });

  it('cuts a long one at the limit in characters and says so', () => {
    expect(summarize('漏'.repeat(50), 40)).toBe(`${'漏'.repeat(40)}…`);
    // An emoji is one character, not two halves of a surrogate pair.
    expect(summarize('😀'.repeat(5), 3)).toBe('😀😀😀…');
  });

  it('masks phone numbers written into the description', () => {
    expect(summarize('请联系13812345678上门')).toBe('请联系138****5678上门');
  });
});
