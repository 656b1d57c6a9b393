import 'server-only';
/**
 * Anything shaped like a JWT (three base64url segments, the first starting with `eyJ`, i.e. `{"`).
 * ServiceAccount tokens are JWTs; the redactor works on values, not on field names, so a token that
 * slipped into an error message or a URL is caught too.
 */
const JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
/** `Authorization: Bearer x` and `"token":"x"` forms, for opaque (non-JWT) bearer tokens. */
const BEARER = /(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;

/** Replaces every JWT-shaped or bearer-token substring with a marker that keeps no part of it. */
export function redact(text: string): string {
  return text.replace(JWT, '[redacted-jwt]').replace(BEARER, '$1[redacted]');
}

/** Redacts every string inside a JSON-like value, returning a copy. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = /^(token|authorization|bearer)$/i.test(k) ? '[redacted]' : redactValue(v, depth + 1);
  }
  return out;
}
