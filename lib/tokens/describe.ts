import type { MintedToken } from '@/lib/contracts/tokens';
import { boundObjectOf, serviceAccountOf, timeClaimProblem } from '@/lib/k8s/claims';
import { decodeToken, TokenDecodeError } from './claims';

type Meta = Omit<MintedToken, 'id' | 'status' | 'held'>;

function iso(seconds: number | undefined, fallback: Date): string {
  return typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : fallback.toISOString();
}

/**
 * Builds a held token's metadata from the JWT itself (decoded for display, not verified) and what
 * the TokenRequest answered. Throws TokenDecodeError for something that is not a JWT, or whose time
 * claims are not instants (reason 'times', with a message fit for the user).
 */
export function describeJwt(
  token: string,
  input: {
    origin: MintedToken['origin'];
    label?: string;
    mintedBy: MintedToken['mintedBy'];
    expirationTimestamp?: Date;
    requestedExpirationSeconds?: number;
    grantedExpirationSeconds?: number;
    warnings?: string[];
    now?: Date;
  },
): Meta {
  const { header, claims } = decodeToken(token);
  const badTime = timeClaimProblem(claims);
  if (badTime) throw new TokenDecodeError('times', badTime);
  const now = input.now ?? new Date();
  const sa = serviceAccountOf(claims);
  const aud = claims.aud === undefined ? [] : Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const k8s = claims['kubernetes.io'];
  const jwtExp = iso(claims.exp, input.expirationTimestamp ?? new Date(8.64e15));
  const issuedAt = iso(claims.iat, now);
  const expirationTimestamp = input.expirationTimestamp?.toISOString() ?? jwtExp;
  return {
    origin: input.origin,
    label: input.label,
    namespace: sa?.namespace ?? '',
    serviceAccount: sa?.name ?? '',
    header,
    claims,
    jti: claims.jti,
    audiences: aud,
    boundObject: boundObjectOf(claims),
    issuedAt,
    expirationTimestamp,
    jwtExpiresAt: jwtExp,
    warnAfter: k8s?.warnafter === undefined ? undefined : new Date(k8s.warnafter * 1000).toISOString(),
    requestedExpirationSeconds: input.requestedExpirationSeconds,
    grantedExpirationSeconds:
      input.grantedExpirationSeconds ?? Math.round((Date.parse(expirationTimestamp) - Date.parse(issuedAt)) / 1000),
    warnings: input.warnings ?? [],
    mintedBy: input.mintedBy,
  };
}
