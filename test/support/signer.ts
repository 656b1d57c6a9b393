// TEST ONLY: signs ServiceAccount-shaped JWTs with the local control plane's own signing key, so
// expiry paths (401 after exp + leeway) are tested without waiting ten minutes. Never imported by
// the app (lint forbids app/, components/ and lib/ from importing test/).
import { createHash, createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';

export interface SignOptions {
  signingKeyFile: string;
  issuer: string;
  audience: string[];
  namespace: string;
  serviceAccount: string;
  serviceAccountUid: string;
  /** Seconds since epoch. */
  iat: number;
  exp: number;
  extra?: Record<string, unknown>;
  /** Added to the `kubernetes.io` claim: `pod: { name, uid }`, `warnafter` (seconds since epoch), … */
  kubernetes?: Record<string, unknown>;
}

/** kid as the API server computes it: base64url(sha256(PKIX DER of the public key)). */
export function keyId(signingKeyFile: string): string {
  const pub = createPublicKey(createPrivateKey(readFileSync(signingKeyFile)));
  return createHash('sha256')
    .update(pub.export({ type: 'spki', format: 'der' }))
    .digest('base64url');
}

/** A JWT with the claims of a TokenRequest token, signed with the cluster's ES256 key. */
export async function signServiceAccountToken(o: SignOptions): Promise<string> {
  const key = createPrivateKey(readFileSync(o.signingKeyFile));
  return new SignJWT({
    'kubernetes.io': {
      namespace: o.namespace,
      serviceaccount: { name: o.serviceAccount, uid: o.serviceAccountUid },
      ...o.kubernetes,
    },
    ...o.extra,
  })
    .setProtectedHeader({ alg: 'ES256', kid: keyId(o.signingKeyFile) })
    .setIssuer(o.issuer)
    .setSubject(`system:serviceaccount:${o.namespace}:${o.serviceAccount}`)
    .setAudience(o.audience)
    .setIssuedAt(o.iat)
    .setNotBefore(o.iat)
    .setExpirationTime(o.exp)
    .setJti(randomUUID())
    .sign(key);
}
