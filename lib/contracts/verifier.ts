// The external verifier view's vocabulary (zod-free; schemas in verifier.schema.ts). The browser
// sends a held token's id and a verifier profile; the server fetches the issuer's discovery document
// and keys as an outside verifier does, verifies the vault copy, and answers with checks only: the
// token itself never travels.

/** Verifier presets (lib/tokens/verifier-profiles.ts says which audience each expects, and where that is documented). */
export const VERIFIER_PROFILE_IDS = [
  'kubernetes',
  'aws-irsa',
  'gcp-wif',
  'azure-wi',
  'vault',
  'custom',
] as const;
export type VerifierProfileId = (typeof VERIFIER_PROFILE_IDS)[number];

/** Where the issuer's discovery document is fetched from. */
export type IssuerSource =
  /** The configured cluster's API server, through the kube client, with the caller's credentials. */
  | { kind: 'cluster' }
  /** A public issuer URL, fetched server-side over https only (see lib/server/tokens/issuer-fetch.ts). */
  | { kind: 'url'; issuer: string };

export interface VerifyRequest {
  profile: VerifierProfileId;
  /** The audience a verifier expects: required for `custom`, overrides the preset's default otherwise (not for `kubernetes`). */
  audience?: string;
  source: IssuerSource;
  /** Verify as if the clock read this instant (ISO 8601); default: now. */
  at?: string;
}

export type CheckId = 'discovery' | 'jwks' | 'signature' | 'iss' | 'aud' | 'exp' | 'nbf' | 'iat';

/** One check an outside verifier makes, with its reason in plain words. */
export interface VerifierCheck {
  id: CheckId;
  title: string;
  ok: boolean;
  reason: string;
}

/** One document fetched: the URL really fetched, and the URL the issuer named when they differ. */
export interface FetchedDocument {
  url: string;
  /** The URL as named (the issuer's discovery path, or the document's jwks_uri) when another was fetched. */
  named?: string;
  via: 'api-server' | 'https';
  /** HTTP status, when a response came. */
  status?: number;
  durationMs: number;
  note?: string;
}

export interface VerifyResult {
  profile: { id: VerifierProfileId; name: string; audiences: string[] };
  source: IssuerSource['kind'];
  /** The issuer the verifier trusts: the discovery document's `issuer`, else the URL given. */
  issuer?: string;
  discovery?: FetchedDocument;
  jwks?: FetchedDocument;
  /** The public keys in the JWKS (kid, key type, algorithm): public material only. */
  keys: { kid?: string; kty?: string; alg?: string }[];
  checks: VerifierCheck[];
  /** Every check passed. */
  passed: boolean;
  /** The clock the checks used (ISO). */
  at: string;
  leewaySeconds: number;
}
