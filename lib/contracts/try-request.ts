import { type NameRule, namespaceRule, objectNameRule } from '@/lib/k8s/names';

// The "try it" request: its type and field rules, zod-free, so the browser's command parser checks a
// typed request with the same rules (and words) as tryRequestSchema in tokens.ts, which is built on them.

/** Verbs "try it" runs with a held token. Reads only: the demo never changes the cluster through it. */
export const tryVerbs = ['get', 'list'] as const;

/** A read made with a held token; `group` '' is the core group. */
export interface TryRequest {
  verb: (typeof tryVerbs)[number];
  group: string;
  version?: string;
  resource: string;
  namespace?: string;
  name?: string;
}

/** A string field's rule: length bounds, pattern, and what to say when the pattern fails. */
export interface StringRule {
  min?: number;
  max: number;
  pattern: RegExp;
  message?: string;
}

// The wording zod uses for these checks, kept so that a broken field reads the same on both sides.
/** Said when a string is shorter than `min`. */
export const tooShort = (min: number) => `Too small: expected string to have >=${min} characters`;
/** Said when a string is longer than `max`. */
export const tooLong = (max: number) => `Too big: expected string to have <=${max} characters`;
/** Said when a string does not match a rule without its own message. */
export const patternMessage = (rule: StringRule | NameRule) =>
  rule.message ?? `Invalid string: must match pattern ${rule.pattern}`;

/** The field rules of a TryRequest besides `verb`, in the order they are checked. */
export const tryRequestRules = {
  group: { max: 253, pattern: /^[a-z0-9.-]*$/ },
  version: { max: 20, pattern: /^v[0-9a-z]+$/ },
  resource: { min: 1, max: 63, pattern: /^[a-z0-9-]+$/, message: 'must be a plural resource name like pods' },
  namespace: namespaceRule,
  name: objectNameRule,
} as const satisfies Record<Exclude<keyof TryRequest, 'verb'>, StringRule>;

const optional: ReadonlySet<keyof TryRequest> = new Set(['version', 'namespace', 'name']);

/** The first broken rule of `value`: too short, too long, then the pattern. */
function broken(value: string, rule: StringRule): string | undefined {
  if (rule.min !== undefined && value.length < rule.min) return tooShort(rule.min);
  if (value.length > rule.max) return tooLong(rule.max);
  if (!rule.pattern.test(value)) return patternMessage(rule);
  return undefined;
}

/** Checks a "try it" request built by the command parser; the error reads `field: what is wrong`. */
export function checkTryRequest(
  request: TryRequest,
): { ok: true; request: TryRequest } | { ok: false; error: string } {
  if (!tryVerbs.includes(request.verb)) return { ok: false, error: 'verb: must be get or list' };
  for (const [field, rule] of Object.entries(tryRequestRules) as [
    keyof typeof tryRequestRules,
    StringRule,
  ][]) {
    const value = request[field];
    if (value === undefined && optional.has(field)) continue;
    const why = typeof value === 'string' ? broken(value, rule) : 'Invalid input: expected string';
    if (why) return { ok: false, error: `${field}: ${why}` };
  }
  return { ok: true, request };
}
