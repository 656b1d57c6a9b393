import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/contracts/errors';
import { eachPage, expiredContinueOf, type ListPage, readPage } from './paging';

// The Status a 410 carries once etcd has compacted a continue token's revision, as kube-apiserver
// 1.36 writes it (k8s.io/apiserver pkg/storage/etcd3/errors.go, handleCompactedErrorForPaging).
// test/integration/paging-expiry.test.ts gets the real one from a control plane.
const expiredStatus = (token?: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: token ? { continue: token } : {},
  status: 'Failure',
  message: 'The provided continue parameter is too old to display a consistent list result.',
  reason: 'Expired',
  code: 410,
});
const gone = (body: unknown) => new ApiException(410, 'Gone', body, {});

describe('expiredContinueOf', () => {
  it('reads the token of a 410 Status, whether client-node left the body a string or parsed it', () => {
    expect(expiredContinueOf(gone(JSON.stringify(expiredStatus('fresh'))))).toBe('fresh');
    expect(expiredContinueOf(gone(expiredStatus('fresh')))).toBe('fresh');
  });

  it('gives none for a 410 without a token, another status, a body that is not JSON or another error', () => {
    expect(expiredContinueOf(gone(expiredStatus()))).toBeUndefined();
    expect(expiredContinueOf(new ApiException(400, 'Bad', expiredStatus('fresh'), {}))).toBeUndefined();
    expect(expiredContinueOf(gone('<html>gone</html>'))).toBeUndefined();
    expect(expiredContinueOf(new Error('continue'))).toBeUndefined();
  });
});

/** A list whose pages are answered in order; `calls` records each continue token asked for. */
function pagesOf(answers: Array<ListPage<string> | Error>) {
  const calls: Array<string | undefined> = [];
  const fetch = async (cont: string | undefined) => {
    calls.push(cont);
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  };
  return { fetch, calls };
}

describe('readPage', () => {
  it('reads an expired page once more with the token of its 410, and says the list is inconsistent', async () => {
    const { fetch, calls } = pagesOf([
      gone(JSON.stringify(expiredStatus('fresh'))),
      { items: ['c', 'd'], metadata: { _continue: 'next' } },
    ]);
    await expect(readPage('https://k', fetch, 'old')).resolves.toEqual({
      items: ['c', 'd'],
      next: 'next',
      inconsistent: true,
    });
    expect(calls).toEqual(['old', 'fresh']);
  });

  it('leaves a page read at once consistent, and an empty metadata list ("items": null) empty', async () => {
    const { fetch } = pagesOf([{ items: null }]);
    await expect(readPage('https://k', fetch)).resolves.toEqual({ items: [], inconsistent: false });
  });

  it('maps a 410 on a first page, a 410 without a token and a second 410 to AppErrors', async () => {
    for (const [answers, cont] of [
      [[gone(expiredStatus('fresh'))], undefined],
      [[gone(expiredStatus())], 'old'],
      [[gone(expiredStatus('fresh')), gone(expiredStatus('fresher'))], 'old'],
    ] as const) {
      const { fetch, calls } = pagesOf([...answers]);
      const err = await readPage('https://k', fetch, cont).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(410);
      expect(calls.length).toBe(answers.length);
    }
  });
});

describe('eachPage', () => {
  it('follows continue tokens to the end and says when a page went on from a newer snapshot', async () => {
    const { fetch, calls } = pagesOf([
      { items: ['a'], metadata: { _continue: 'p2' } },
      gone(expiredStatus('p2-fresh')),
      { items: ['b'], metadata: { _continue: 'p3' } },
      { items: ['c'] },
    ]);
    const seen: string[] = [];
    await expect(eachPage('https://k', fetch, (items) => void seen.push(...items))).resolves.toEqual({
      inconsistent: true,
      stopped: false,
    });
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(calls).toEqual([undefined, 'p2', 'p2-fresh', 'p3']);
  });

  it('stops where the visit says so, and says whether more was left', async () => {
    const { fetch, calls } = pagesOf([
      { items: ['a'], metadata: { _continue: 'p2' } },
      { items: ['b'], metadata: { _continue: 'p3' } },
    ]);
    await expect(eachPage('https://k', fetch, (items) => items[0] !== 'a')).resolves.toEqual({
      inconsistent: false,
      stopped: true,
    });
    expect(calls).toEqual([undefined]);
  });
});
