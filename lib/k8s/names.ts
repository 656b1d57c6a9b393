// Kubernetes name rules (k8s.io/apimachinery/pkg/util/validation: IsDNS1123Subdomain, IsDNS1123Label).
// The zod schemas of lib/contracts and the browser's name checks are both built on these.

/** A name rule: longest length, pattern, and what to say when the pattern fails. */
export interface NameRule {
  readonly max: number;
  readonly pattern: RegExp;
  readonly message: string;
}

/** A DNS-1123 subdomain (object names, ServiceAccount names): ≤ 253 characters. */
export const objectNameRule: NameRule = {
  max: 253,
  pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
  message: 'must be a lowercase DNS-1123 name',
};

/** A DNS-1123 label (namespace names): ≤ 63 characters. */
export const namespaceRule: NameRule = {
  max: 63,
  pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  message: 'must be a lowercase DNS-1123 label',
};

/** Whether `value` satisfies `rule` (length and pattern). */
export function followsRule(value: string, rule: NameRule): boolean {
  return value.length <= rule.max && rule.pattern.test(value);
}
