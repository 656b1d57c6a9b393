import { describe, expect, it } from 'vitest';
import { appendPage, type ServerPage } from './use-server-pages';

interface Row {
  uid: string;
  name: string;
}
const row = (uid: string): Row => ({ uid, name: `sa-${uid}` });
const keyOf = (r: Row) => r.uid;

describe('appendPage', () => {
  it('adds the next page’s rows and takes its continue token (none on the last page)', () => {
    const merged = appendPage({ items: [row('a')], continue: 'p2' }, { items: [row('b')] }, keyOf);
    expect(merged).toEqual({ items: [row('a'), row('b')] });
  });

  it('shows a row a newer snapshot repeats once, keeping the first', () => {
    const merged = appendPage(
      { items: [row('a'), row('b')], continue: 'p2' },
      { items: [{ uid: 'b', name: 'again' }, row('c')], continue: 'p3', inconsistent: true },
      keyOf,
    );
    expect(merged.items.map((r) => r.name)).toEqual(['sa-a', 'sa-b', 'sa-c']);
    expect(merged.continue).toBe('p3');
  });

  it('keeps "inconsistent" once any page said it', () => {
    const after = appendPage(
      { items: [row('a')], continue: 'p2', inconsistent: true },
      { items: [row('b')], continue: 'p3' },
      keyOf,
    );
    expect(after.inconsistent).toBe(true);
    const plain: ServerPage<Row> = { items: [row('a')] };
    expect(appendPage(plain, { items: [row('b')] }, keyOf).inconsistent).toBeUndefined();
  });
});
