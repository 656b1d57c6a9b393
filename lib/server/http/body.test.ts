import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/contracts/errors';
import { MAX_BODY_BYTES, readBodyText } from './body';

/** A body that produces `chunks` chunks of `size` bytes (Infinity: never ends), counting what was pulled. */
function source(size: number, chunks: number) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled >= chunks) return controller.close();
      seen.pulled++;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

function post(body: ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}): Request {
  return new Request('http://127.0.0.1:3000/api/x', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('readBodyText', () => {
  it('reads a body within the limit', async () => {
    expect(await readBodyText(post('{"a":1}'))).toBe('{"a":1}');
    expect(await readBodyText(post('é'.repeat(100)))).toBe('é'.repeat(100));
  });

  it('refuses a declared Content-Length above the limit without reading a byte', async () => {
    const { stream, seen } = source(1024, 100_000);
    const err = await refusal(readBodyText(post(stream, { 'content-length': String(100 * 1024 * 1024) })));
    expect(err.status).toBe(413);
    expect(err.code).toBe('too-large:request');
    expect(seen.pulled).toBeLessThanOrEqual(1);
  });

  it('stops reading a body that never ends at the limit and cancels it', async () => {
    const { stream, seen } = source(16 * 1024, Number.POSITIVE_INFINITY);
    const err = await refusal(readBodyText(post(stream)));
    expect(err.status).toBe(413);
    // A few chunks past the limit at most (the stream may have queued one ahead).
    expect(seen.pulled * 16 * 1024).toBeLessThanOrEqual(MAX_BODY_BYTES + 3 * 16 * 1024);
    await new Promise((r) => setTimeout(r, 10));
    expect(seen.cancelled).toBe(true);
  });

  it('refuses a body of exactly the limit, the size of a longer body Next cut at 64 KiB', async () => {
    expect(await readBodyText(post('a'.repeat(MAX_BODY_BYTES - 1)))).toHaveLength(MAX_BODY_BYTES - 1);
    expect((await refusal(readBodyText(post('a'.repeat(MAX_BODY_BYTES))))).status).toBe(413);
    const declared = post('a'.repeat(10), { 'content-length': String(MAX_BODY_BYTES) });
    expect((await refusal(readBodyText(declared))).status).toBe(413);
  });

  it('counts bytes, not characters', async () => {
    // 40,000 × 'é' is 80,000 bytes of UTF-8: over the limit though under it in characters.
    expect((await refusal(readBodyText(post('é'.repeat(40_000))))).status).toBe(413);
  });
});
