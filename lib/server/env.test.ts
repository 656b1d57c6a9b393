import { afterEach, describe, expect, it } from 'vitest';
import { env, IN_DOCUMENT_MS } from './env';

describe('TOKENSCOPE_IN_DOCUMENT_MS', () => {
  afterEach(() => {
    delete process.env.TOKENSCOPE_IN_DOCUMENT_MS;
  });

  it('takes a whole number of milliseconds from 0 to 10,000', () => {
    for (const [value, ms] of [
      ['0', 0],
      ['1500', 1500],
      ['10000', 10_000],
    ] as const) {
      process.env.TOKENSCOPE_IN_DOCUMENT_MS = value;
      expect(env().inDocumentMs).toBe(ms);
    }
  });

  it('keeps the default (300 ms) when unset, empty, out of range or not a whole number', () => {
    expect(env().inDocumentMs).toBe(IN_DOCUMENT_MS);
    expect(IN_DOCUMENT_MS).toBe(300);
    for (const value of ['', ' ', '-1', '10001', '2.5', 'soon', '1e3x']) {
      process.env.TOKENSCOPE_IN_DOCUMENT_MS = value;
      expect(env().inDocumentMs).toBe(IN_DOCUMENT_MS);
    }
  });
});
