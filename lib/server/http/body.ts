import 'server-only';
import { AppError } from '@/lib/contracts/errors';

/**
 * Bodies of this size or more are refused; the largest real body (an imported token) is well under
 * it. It equals next.config.js's `proxyClientMaxBodySize` on purpose: Next hands a route only the
 * first 64 KiB of a longer chunked body, so a body that reaches the limit may be a cut one, and is
 * answered 413 like the longer body it came from (not 400 for the JSON the cut broke).
 */
export const MAX_BODY_BYTES = 64 * 1024;

function tooLarge(limit: number): AppError {
  return new AppError('too-large:request', `Body of ${limit} bytes or more; bodies must be smaller.`);
}

/**
 * The request body as text, never holding more than `limit` bytes: a declared `Content-Length`
 * at or above it is refused before anything is read, and a body that turns out longer (chunked, or a
 * lying length) is cancelled at the first chunk past the limit. `req.text()` would buffer the whole
 * body first (16 × 100 MB took the server to 1.7 GB). Throws `too-large:request` (413).
 */
export async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = req.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) >= limit) throw tooLarge(limit);
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size >= limit) {
      // Stops the upload here; Node discards whatever the client still sends.
      reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
