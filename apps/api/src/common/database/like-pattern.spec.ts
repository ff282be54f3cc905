import { containsPattern } from './like-pattern';

describe('containsPattern', () => {
  it('wraps the text in % and escapes the wildcards and the escape character', () => {
    expect(containsPattern('301')).toBe('%301%');
    expect(containsPattern('50%')).toBe('%50!%%');
    expect(containsPattern('a_b')).toBe('%a!_b%');
    expect(containsPattern('!')).toBe('%!!%');
    expect(containsPattern('王芳')).toBe('%王芳%');
  });
});
