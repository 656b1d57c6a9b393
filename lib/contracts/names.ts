// Kubernetes name rules without zod: scenarios.ts builds its schemas on them, and browser code
// (the "try it" command parser) checks typed names with them.

/** A DNS-1123 subdomain (object names): ≤ 253 characters. */
export const objectNameRule = {
  max: 253,
  pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
  message: 'must be a lowercase DNS-1123 name',
} as const;

/** A DNS-1123 label (namespace names): ≤ 63 characters. */
export const namespaceRule = {
  max: 63,
  pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  message: 'must be a lowercase DNS-1123 label',
} as const;
