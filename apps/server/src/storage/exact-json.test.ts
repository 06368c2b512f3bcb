import { describe, expect, it } from 'vitest';
import { exactJson } from './exact-json.js';

describe('exactJson', () => {
  it('writes integers beyond 2^53 with every digit, as JSON numbers', () => {
    const text = exactJson({ rows: [[9007199254740993n, -9223372036854775808n, 'x', 1.5, null]] });
    expect(text).toBe('{"rows":[[9007199254740993,-9223372036854775808,"x",1.5,null]]}');
  });

  it('leaves strings that look like a marker alone, and plain data as JSON.stringify writes it', () => {
    const data = { a: '__exact_integer_00__12__exact_integer_00__', b: [1, true, 'q"uote'] };
    expect(exactJson(data)).toBe(JSON.stringify(data));
    expect(exactJson({ big: 2n ** 63n - 1n, s: '"__exact_integer_'.repeat(2) })).toBe(`{"big":9223372036854775807,"s":${JSON.stringify('"__exact_integer_'.repeat(2))}}`);
  });
});
