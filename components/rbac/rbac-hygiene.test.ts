import { describe, expect, it } from 'vitest';
import { HYGIENE_ALL_MAX, HYGIENE_FIRST, hygieneShown } from './rbac-hygiene';

describe('hygieneShown', () => {
  const items = Array.from({ length: 25_000 }, (_, i) => `sa-${i}`);

  it('lists the first few by default, and with "all" every finding up to the cap', () => {
    expect(hygieneShown(items, false)).toEqual(items.slice(0, HYGIENE_FIRST));
    const all = hygieneShown(items, true);
    expect(all).toHaveLength(HYGIENE_ALL_MAX);
    expect(all[0]).toBe('sa-0');
    expect(all.at(-1)).toBe(`sa-${HYGIENE_ALL_MAX - 1}`);
  });

  it('lists everything when there are fewer than the cap', () => {
    expect(hygieneShown(items.slice(0, 40), true)).toHaveLength(40);
    expect(hygieneShown(items.slice(0, 3), false)).toHaveLength(3);
  });
});
