import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/contracts/errors';
import { MAX_ANONYMOUS_STREAMS, MAX_STREAMS_PER_SESSION, openStream, openStreams } from './streams';

describe('openStream', () => {
  it('caps one session’s streams and frees a place when one closes', () => {
    const releases = Array.from({ length: MAX_STREAMS_PER_SESSION }, () => openStream('s1'));
    expect(() => openStream('s1')).toThrow(AppError);
    try {
      openStream('s1');
    } catch (err) {
      expect((err as AppError).status).toBe(429);
    }
    // Another session is not affected.
    const other = openStream('s2');
    releases[0]?.();
    releases[0]?.();
    expect(openStreams('s1')).toBe(MAX_STREAMS_PER_SESSION - 1);
    const again = openStream('s1');
    for (const r of [...releases, again, other]) r();
    expect(openStreams('s1')).toBe(0);
  });

  it('pools the streams of callers without a session', () => {
    const releases = Array.from({ length: MAX_ANONYMOUS_STREAMS }, () => openStream(''));
    expect(() => openStream('')).toThrow(AppError);
    for (const r of releases) r();
    expect(openStreams('')).toBe(0);
  });
});
