import { namespaceRule, objectNameRule } from './names';
import type { TryRequest } from './tokens';

// The checks of tokens.ts's tryRequestSchema without zod, for the "try it" command parser in the
// browser. try-request.test.ts holds both to the same verdict and the same first message.

interface StringRule {
  min?: number;
  max: number;
  pattern: RegExp;
  message?: string;
}

const rules: [keyof TryRequest, StringRule, 'required' | 'optional'][] = [
  ['group', { max: 253, pattern: /^[a-z0-9.-]*$/ }, 'required'],
  ['version', { max: 20, pattern: /^v[0-9a-z]+$/ }, 'optional'],
  [
    'resource',
    { min: 1, max: 63, pattern: /^[a-z0-9-]+$/, message: 'must be a plural resource name like pods' },
    'required',
  ],
  ['namespace', namespaceRule, 'optional'],
  ['name', objectNameRule, 'optional'],
];

/** The first broken rule of `value`, in zod's words (too short, too long, then the pattern). */
function broken(value: string, rule: StringRule): string | undefined {
  if (rule.min !== undefined && value.length < rule.min)
    return `Too small: expected string to have >=${rule.min} characters`;
  if (value.length > rule.max) return `Too big: expected string to have <=${rule.max} characters`;
  if (!rule.pattern.test(value)) return rule.message ?? `Invalid string: must match pattern ${rule.pattern}`;
  return undefined;
}

/** Checks a "try it" request built by the command parser; the error reads `field: what is wrong`. */
export function checkTryRequest(
  request: TryRequest,
): { ok: true; request: TryRequest } | { ok: false; error: string } {
  if (request.verb !== 'get' && request.verb !== 'list')
    return { ok: false, error: 'verb: must be get or list' };
  for (const [field, rule, presence] of rules) {
    const value = request[field];
    if (value === undefined && presence === 'optional') continue;
    const why = typeof value === 'string' ? broken(value, rule) : 'Invalid input: expected string';
    if (why) return { ok: false, error: `${field}: ${why}` };
  }
  return { ok: true, request };
}
