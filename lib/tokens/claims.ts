import { decodeJwt, decodeProtectedHeader } from 'jose';
import { tokenClaimsSchema, tokenHeaderSchema } from '@/lib/contracts/tokens';
import { type TokenClaims, type TokenHeader, type TokenKind, tokenKindOf } from '@/lib/k8s/claims';

// Decoding only: what the claims mean and say lives in lib/k8s/claims.ts, their schemas in
// lib/contracts/tokens.ts.

/** The readable parts of a JWT, with nothing verified. */
export interface DecodedToken {
  header: TokenHeader;
  claims: TokenClaims;
  kind: TokenKind;
}

/** Thrown when a string is not a decodable JWT; its message never contains the token. */
export class TokenDecodeError extends Error {
  readonly reason: 'malformed' | 'header' | 'claims' | 'times';

  constructor(reason: TokenDecodeError['reason'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TokenDecodeError';
    this.reason = reason;
  }
}

/**
 * Decodes a JWT's header and claims WITHOUT checking its signature: for display only, never for
 * authorization or any other decision; surrounding whitespace and a `Bearer ` prefix are ignored.
 */
export function decodeToken(jwt: string): DecodedToken {
  const compact = jwt.trim().replace(/^bearer\s+/i, '');
  // jose decodes only the header and payload, so a stray character in the signature would pass and
  // later break the Authorization header the token is sent in (undici refuses non-Latin-1 values).
  if (!JWS_COMPACT.test(compact)) {
    throw new TokenDecodeError('malformed', 'Not a JWT: expected three base64url JSON segments.');
  }
  let rawHeader: unknown;
  let rawClaims: unknown;
  try {
    rawHeader = decodeProtectedHeader(compact);
    rawClaims = decodeJwt(compact);
  } catch (cause) {
    throw new TokenDecodeError('malformed', 'Not a JWT: expected three base64url JSON segments.', { cause });
  }
  const header = tokenHeaderSchema.safeParse(rawHeader);
  if (!header.success) {
    throw new TokenDecodeError('header', 'The JWT header has no usable "alg".', { cause: header.error });
  }
  const claims = tokenClaimsSchema.safeParse(rawClaims);
  if (!claims.success) {
    const where = claims.error.issues.map((i) => i.path.map(String).join('.')).join(', ');
    throw new TokenDecodeError('claims', `The JWT claims have unexpected types (${where}).`, {
      cause: claims.error,
    });
  }
  return { header: header.data, claims: claims.data, kind: tokenKindOf(claims.data) };
}

/** RFC 7515 compact serialization: three base64url segments (no padding); the signature may be empty. */
const JWS_COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
