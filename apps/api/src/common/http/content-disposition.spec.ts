import { attachment } from './content-disposition';

describe('attachment', () => {
  it('names an ASCII file plainly', () => {
    expect(attachment('tickets-12-20261127.xlsx')).toBe('attachment; filename="tickets-12-20261127.xlsx"');
  });

  it('adds filename* (RFC 5987) with an ASCII stand-in for any other name', () => {
    expect(attachment('工单-12.xlsx')).toBe(`attachment; filename="__-12.xlsx"; filename*=UTF-8''%E5%B7%A5%E5%8D%95-12.xlsx`);
    expect(attachment(`a "b" (c)'s.xlsx`)).toBe(
      `attachment; filename="a _b_ (c)'s.xlsx"; filename*=UTF-8''a%20%22b%22%20%28c%29%27s.xlsx`,
    );
  });
});
