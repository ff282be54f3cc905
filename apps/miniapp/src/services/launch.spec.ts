import { qrTokenFromLaunch, qrTokenFromText } from './launch';

const TOKEN = '7k2m9xq4abcdefghjkmnpqrstv';

describe('QR entry', () => {
  it('reads ?qr= from the printed URL opened in a browser', () => {
    expect(qrTokenFromLaunch({ qr: TOKEN })).toBe(TOKEN);
  });

  it('reads a mini-program code’s scene, URL-encoded', () => {
    expect(qrTokenFromLaunch({ scene: encodeURIComponent(TOKEN) })).toBe(TOKEN);
  });

  it('reads an ordinary-link QR code opened in WeChat (query.q is the whole URL, encoded)', () => {
    const q = encodeURIComponent(`https://doorstep.example/#/pages/index/index?qr=${TOKEN}`);
    expect(qrTokenFromLaunch({ q })).toBe(TOKEN);
  });

  it('reads what the scanner returns: a URL, a mini-program path, or the token typed from the poster', () => {
    expect(qrTokenFromText(`http://localhost:3000/#/pages/index/index?qr=${TOKEN}`)).toBe(TOKEN);
    expect(qrTokenFromText(`pages/index/index?scene=${TOKEN}`)).toBe(TOKEN);
    expect(qrTokenFromText('7K2M 9XQ4 ABCD EFGH JKMN PQRS TV')).toBe(TOKEN);
  });

  it('finds nothing in anything else', () => {
    expect(qrTokenFromLaunch({})).toBeNull();
    expect(qrTokenFromText('https://example.com/?x=1')).toBeNull();
    expect(qrTokenFromText('not a code')).toBeNull();
  });
});
