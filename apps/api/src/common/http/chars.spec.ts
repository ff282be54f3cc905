import { normalizeText, textProblem } from './chars';

describe('normalizeText', () => {
  it('removes zero-width, bidi and other invisible format characters', () => {
    for (const lookAlike of [
      '1\u200B01',
      '\u202E101',
      '\u2066101\u2069',
      '\uFEFF101',
      '1\u00AD01',
      '1\u200D01',
      '1\u2060 01'.replace(' ', ''),
    ]) {
      expect(normalizeText(lookAlike)).toBe('101');
    }
  });

  it('keeps the joiner inside an emoji sequence', () => {
    expect(normalizeText('家👨‍👩‍👧')).toBe('家👨‍👩‍👧');
    expect(normalizeText('🧑🏽‍🔧')).toBe('🧑🏽‍🔧');
  });

  it('composes (NFC) and trims', () => {
    expect(normalizeText('  Rene\u0301\u3000')).toBe('René');
  });
});

describe('textProblem', () => {
  it('refuses control characters, and line breaks unless multi-line', () => {
    expect(textProblem('a\u0000b')).not.toBeNull();
    expect(textProblem('a\u0085b')).not.toBeNull();
    expect(textProblem('a\nb')).not.toBeNull();
    expect(textProblem('a\nb\tc', { multiline: true })).toBeNull();
    expect(textProblem('a\u0007b', { multiline: true })).not.toBeNull();
  });

  it('refuses lone surrogates and accepts paired ones', () => {
    expect(textProblem('a\uD800')).not.toBeNull();
    expect(textProblem('\uDC00a')).not.toBeNull();
    expect(textProblem('😀')).toBeNull();
  });
});
