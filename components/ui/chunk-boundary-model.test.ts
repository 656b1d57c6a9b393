import { describe, expect, it } from 'vitest';
import { describeRegionFailure, isChunkLoadError } from './chunk-boundary-model';

const named = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('isChunkLoadError', () => {
  it('recognises Turbopack’s and webpack’s ChunkLoadError and native import() failures', () => {
    expect(
      isChunkLoadError(
        named('ChunkLoadError', 'Failed to load chunk /_next/static/chunks/0abc.js from module 123'),
      ),
    ).toBe(true);
    expect(isChunkLoadError(named('ChunkLoadError', 'anything'))).toBe(true);
    expect(isChunkLoadError(new Error('Loading chunk 42 failed.\n(error: https://x/42.js)'))).toBe(true);
    expect(
      isChunkLoadError(new TypeError('Failed to fetch dynamically imported module: https://x/a.js')),
    ).toBe(true);
    expect(isChunkLoadError(new TypeError('Importing a module script failed.'))).toBe(true);
  });

  it('leaves render errors and non-errors alone', () => {
    expect(isChunkLoadError(new TypeError("Cannot read properties of undefined (reading 'exp')"))).toBe(
      false,
    );
    expect(isChunkLoadError('Failed to load chunk')).toBe(false);
    expect(isChunkLoadError(undefined)).toBe(false);
  });
});

describe('describeRegionFailure', () => {
  it('points at a redeploy or the network for a chunk, without the chunk’s path', () => {
    const text = describeRegionFailure(
      named('ChunkLoadError', 'Failed to load chunk /_next/static/chunks/0abc.js'),
    );
    expect(text).toContain('could not be downloaded');
    expect(text).not.toContain('/_next/');
  });

  it('quotes any other error’s message', () => {
    expect(describeRegionFailure(new RangeError('Invalid time value'))).toBe(
      'It failed while rendering: Invalid time value.',
    );
    expect(describeRegionFailure(null)).toBe('It failed while rendering: null.');
    expect(describeRegionFailure(new Error(''))).toBe('It failed while rendering: no message.');
  });
});
