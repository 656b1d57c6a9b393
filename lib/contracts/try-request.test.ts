import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type TryRequest, tryRequestSchema } from './tokens';
import { checkTryRequest } from './try-request';

// Strings near the rules' edges: valid names, upper case, dots, underscores, and lengths around the limits.
const name = fc.oneof(
  fc.stringMatching(/^[a-z0-9]([-a-z0-9.]{0,8}[a-z0-9])?$/),
  fc.stringMatching(/^[A-Za-z0-9_.-]{0,12}$/),
  fc.constantFrom('', '-a', 'a-', 'v1', 'v1beta1', 'V1', 'apps', 'a..b', 'x'.repeat(20), 'x'.repeat(21)),
  fc.constantFrom(63, 64, 253, 254).map((n) => 'a'.repeat(n)),
);
const request = fc.record(
  {
    verb: fc.constantFrom('get', 'list'),
    group: name,
    version: name,
    resource: name,
    namespace: name,
    name: name,
  },
  { requiredKeys: ['verb', 'group', 'resource'] },
) as fc.Arbitrary<TryRequest>;

function zodVerdict(r: TryRequest) {
  const parsed = tryRequestSchema.safeParse(r);
  if (parsed.success) return { ok: true, request: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, error: `${issue?.path.join('.')}: ${issue?.message}` };
}

describe('checkTryRequest (zod-free, for the browser)', () => {
  it('gives tryRequestSchema’s verdict and first message', () => {
    fc.assert(
      fc.property(request, (r) => {
        expect(checkTryRequest(r)).toEqual(zodVerdict(r));
      }),
      { numRuns: 3000 },
    );
  });

  it('names the field and says what is wrong', () => {
    expect(checkTryRequest({ verb: 'list', group: '', resource: 'Pods' })).toEqual({
      ok: false,
      error: 'resource: must be a plural resource name like pods',
    });
    expect(checkTryRequest({ verb: 'list', group: '', resource: 'pods', namespace: 'a'.repeat(64) })).toEqual(
      {
        ok: false,
        error: 'namespace: Too big: expected string to have <=63 characters',
      },
    );
  });
});
