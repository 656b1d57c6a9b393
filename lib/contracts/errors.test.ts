import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError, errorCodes, fromProblem, isProblem, problemSchema, toProblem } from './errors';

const problemLike = fc.record(
  {
    type: fc.oneof(fc.string(), fc.integer()),
    title: fc.oneof(fc.string(), fc.constant(null)),
    status: fc.oneof(fc.integer({ min: 100, max: 599 }), fc.double(), fc.constant(2 ** 53), fc.string()),
    code: fc.oneof(fc.constantFrom(...errorCodes), fc.string(), fc.constant('forbidden:kub')),
    detail: fc.oneof(fc.string(), fc.boolean()),
    hints: fc.oneof(
      fc.array(fc.string()),
      fc.array(fc.oneof(fc.string(), fc.integer())),
      fc.string(),
      fc.constant(undefined),
    ),
  },
  { requiredKeys: [] },
);

describe('isProblem (zod-free, for the browser)', () => {
  it('answers as problemSchema does, for problem-like objects and any other JSON', () => {
    fc.assert(
      fc.property(fc.oneof(problemLike, fc.jsonValue()), (body) => {
        expect(isProblem(body)).toBe(problemSchema.safeParse(body).success);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts what toProblem sends, with and without hints', () => {
    for (const e of [
      new AppError('forbidden:kube', 'no'),
      new AppError('unavailable:kube', 'down', { hints: ['a'] }),
    ]) {
      expect(isProblem(toProblem(e))).toBe(true);
      expect(problemSchema.safeParse(toProblem(e)).success).toBe(true);
    }
  });
});

describe('fromProblem', () => {
  it('rebuilds the code, detail and hints with the HTTP status it came with', () => {
    const e = fromProblem(
      toProblem(new AppError('rate-limited:session', 'slow down', { hints: ['wait'] })),
      429,
    );
    expect(e).toBeInstanceOf(AppError);
    expect([e.code, e.detail, e.status, e.hints]).toEqual([
      'rate-limited:session',
      'slow down',
      429,
      ['wait'],
    ]);
  });

  it('turns anything else into internal:server naming the status', () => {
    const e = fromProblem({ code: 'forbidden:kube', detail: 'x' }, 502);
    expect([e.code, e.detail, e.status]).toEqual(['internal:server', 'Unexpected response (HTTP 502).', 502]);
    expect(fromProblem(undefined, 500).code).toBe('internal:server');
  });
});
