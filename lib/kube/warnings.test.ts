import { describe, expect, it } from 'vitest';
import { parseWarnings } from './warnings';

describe('parseWarnings', () => {
  it('reads the API server clamp warning', () => {
    expect(parseWarnings('299 - "requested expiration of 172900 seconds shortened to 172800 seconds"')).toEqual([
      'requested expiration of 172900 seconds shortened to 172800 seconds',
    ]);
  });
  it('reads several warnings and escaped quotes', () => {
    expect(parseWarnings('299 - "a, b", 299 - "say \\"hi\\""')).toEqual(['a, b', 'say "hi"']);
  });
  it('returns nothing for no header', () => {
    expect(parseWarnings(undefined)).toEqual([]);
    expect(parseWarnings('')).toEqual([]);
  });
});
