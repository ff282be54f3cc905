import { checkJsonBounds } from './json-body';

describe('checkJsonBounds', () => {
  const bounds = { maxDepth: 3, maxElements: 10 };

  it('accepts nesting up to maxDepth and refuses one level more', () => {
    expect(checkJsonBounds('{"a":[[1]]}', bounds)).toBeNull();
    expect(checkJsonBounds('{"a":[[[1]]]}', bounds)).toBe('depth');
  });

  it('counts containers and entries together', () => {
    expect(checkJsonBounds(`[${Array(9).fill(1).join(',')}]`, bounds)).toBeNull();
    expect(checkJsonBounds(`[${Array(11).fill(1).join(',')}]`, bounds)).toBe('elements');
  });

  it('ignores brackets and commas inside strings, escaped quotes included', () => {
    expect(checkJsonBounds(JSON.stringify({ a: '[[[[[,,,,,,,,,,,,]]]]]' }), bounds)).toBeNull();
    expect(checkJsonBounds(JSON.stringify({ a: 'say \\"[[[[[\\"' }), bounds)).toBeNull();
    expect(checkJsonBounds(JSON.stringify({ a: '\\', b: [[[[1]]]] }), bounds)).toBe('depth');
  });

  it('stops at the first level too deep, whatever follows', () => {
    expect(checkJsonBounds('['.repeat(400_000), { maxDepth: 32, maxElements: 10_000 })).toBe('depth');
  });
});
