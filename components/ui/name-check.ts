import { followsRule, namespaceRule, objectNameRule } from '@/lib/k8s/names';

// Kubernetes name rules explained in words, so a form can say what is wrong with a typed name
// before sending it (the API server's own wording, "a lowercase RFC 1123 label must consist of…",
// is a regular expression, not an explanation).

export type NameKind = 'namespace' | 'object';

const rules = { namespace: namespaceRule, object: objectNameRule } as const;

const quote = (s: string) => `“${s}”`;

/**
 * What is wrong with a typed Kubernetes name, in plain words, or null when the API server would
 * accept it. Namespaces are DNS-1123 labels (no dots, ≤ 63), other objects DNS-1123 subdomains (≤ 253).
 */
export function nameProblem(kind: NameKind, label: string, value: string): string | null {
  const rule = rules[kind];
  if (value === '' || followsRule(value, rule)) return null;
  if (value.length > rule.max) {
    return `${label} is ${value.length} characters long; Kubernetes allows at most ${rule.max}.`;
  }
  const allowed = kind === 'namespace' ? /[a-z0-9-]/ : /[a-z0-9.-]/;
  const bad = [...new Set([...value].filter((c) => !allowed.test(c)))];
  const lower = value.toLowerCase();
  const suggestion = lower !== value && rule.pattern.test(lower) ? ` (try ${quote(lower)})` : '';
  const what = kind === 'namespace' ? 'lowercase letters, digits and “-”' : 'lowercase letters, digits, “-” and “.”';
  if (bad.length > 0) {
    const shown = bad.map((c) => (c === ' ' ? 'a space' : quote(c))).join(', ');
    return `${label} may only contain ${what}; ${quote(value)} has ${shown}${suggestion}.`;
  }
  if (kind === 'object') {
    return `${label} must start and end with a letter or digit, also around each “.”; ${quote(value)} does not.`;
  }
  return `${label} must start and end with a letter or digit; ${quote(value)} does not.`;
}
