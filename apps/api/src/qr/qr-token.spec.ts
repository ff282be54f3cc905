import { normalizeQrToken, QR_TOKEN_ALPHABET, QR_TOKEN_PATTERN } from '@doorstep/contracts';
import { validateConfig } from '../common/config/app-config';
import { newQrToken, printedToken, qrReportUrl } from './qr-token';

/** What a mini-program code's `scene` may hold (WeChat documents ≤ 32 of these characters). */
const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

describe('QR tokens', () => {
  it('are 26 characters of one-case base32, valid as a mini-program scene', () => {
    for (let i = 0; i < 200; i++) {
      const token = newQrToken();
      expect(token).toMatch(QR_TOKEN_PATTERN);
      expect(token).toMatch(SCENE);
      expect(encodeURIComponent(token)).toBe(token);
    }
  });

  it('use the whole alphabet evenly and do not repeat', () => {
    const tokens = Array.from({ length: 2000 }, newQrToken);
    expect(new Set(tokens).size).toBe(tokens.length);
    const counts = new Map<string, number>();
    for (const char of tokens.join('')) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect([...counts.keys()].sort().join('')).toBe([...QR_TOKEN_ALPHABET].sort().join(''));
    // 52 000 letters over 32: each near 1625; a 5-bit slice of a random byte is uniform.
    for (const n of counts.values()) expect(Math.abs(n - 1625)).toBeLessThan(250);
  });

  it('read back from the grouped, upper-case form printed on the poster', () => {
    const token = newQrToken();
    const printed = printedToken(token);
    expect(printed).toMatch(/^([0-9A-Z]{4} ){6}[0-9A-Z]{2}$/);
    expect(normalizeQrToken(printed)).toBe(token);
    expect(normalizeQrToken(printed.replace(/ /g, '-'))).toBe(token);
    expect(normalizeQrToken('too-short')).toBeNull();
    expect(normalizeQrToken(`${token.slice(0, 25)}u`)).toBeNull();
  });

  it('make a link under PUBLIC_BASE_URL that the H5 app reads as ?qr=', () => {
    expect(qrReportUrl('https://doorstep.example.cn/', 'abc')).toBe('https://doorstep.example.cn/#/pages/index/index?qr=abc');
    expect(qrReportUrl('http://localhost:3000', 'abc')).toBe('http://localhost:3000/#/pages/index/index?qr=abc');
  });

  it('PUBLIC_BASE_URL defaults to the local server and must be an http(s) URL', () => {
    expect(validateConfig({}).PUBLIC_BASE_URL).toBe('http://localhost:3000');
    expect(validateConfig({ PUBLIC_BASE_URL: 'http://192.168.1.5:3000' }).PUBLIC_BASE_URL).toBe('http://192.168.1.5:3000');
    expect(() => validateConfig({ PUBLIC_BASE_URL: 'doorstep.example.cn' })).toThrow(/PUBLIC_BASE_URL must be an http\(s\) URL/);
    expect(() => validateConfig({ PUBLIC_BASE_URL: 'ftp://doorstep.example.cn' })).toThrow(/PUBLIC_BASE_URL/);
  });
});
