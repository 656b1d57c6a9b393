import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError, errorCodes, fromProblem, toProblem } from './errors';
import { problemSchema } from './errors.schema';

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

describe('problemSchema', () => {
  it('accepts what toProblem sends, with and without hints', () => {
    for (const e of [
      new AppError('forbidden:kube', 'no'),
      new AppError('unavailable:kube', 'down', { hints: ['a'] }),
    ]) {
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

  it('turns a body without a known code and a detail into internal:server naming the status', () => {
    const e = fromProblem({ code: 'forbidden:kub', detail: 'x' }, 502);
    expect([e.code, e.detail, e.status]).toEqual(['internal:server', 'Unexpected response (HTTP 502).', 502]);
    expect(fromProblem({ code: 'forbidden:kube' }, 403).code).toBe('internal:server');
    expect(fromProblem(undefined, 500).code).toBe('internal:server');
  });

  it('never throws, and keeps a code only when problemSchema would accept the code and detail', () => {
    fc.assert(
      fc.property(fc.oneof(problemLike, fc.jsonValue()), (body) => {
        const e = fromProblem(body, 500);
        const p = problemSchema.pick({ code: true, detail: true }).safeParse(body);
        expect(e.code).toBe(p.success ? p.data.code : 'internal:server');
        expect(e.hints.every((h) => typeof h === 'string')).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
