// Token lifetime facts of k8s.io/kubernetes v1.36.3, each defined here and nowhere else. Pure and
// isomorphic: the server's mappers, the lifecycle math and the browser's forms all import them.

/** Smallest `expirationSeconds` a TokenRequest may ask for (`MinTokenAgeSec`, pkg/apis/authentication/validation/validation.go). */
export const MIN_EXPIRATION_SECONDS = 600;
/** Largest `expirationSeconds` a TokenRequest may ask for (`1<<32` in ValidateTokenRequest, same file). */
export const MAX_EXPIRATION_SECONDS = 2 ** 32;
/** ValidateTokenRequest's words for a request below MIN_EXPIRATION_SECONDS. */
export const TOO_SHORT_MESSAGE = 'may not specify a duration less than 10 minutes';
/** ValidateTokenRequest's words for a request above MAX_EXPIRATION_SECONDS. */
export const TOO_LONG_MESSAGE = 'may not specify a duration larger than 2^32 seconds';

/** `expirationSeconds` the v1 API defaults to when a TokenRequest leaves it unset (SetDefaults_TokenRequestSpec). */
export const DEFAULT_EXPIRATION_SECONDS = 3600;
/** What a serviceAccountToken projection without expirationSeconds gets (SetDefaults_ServiceAccountTokenProjection). */
export const DEFAULT_PROJECTED_TOKEN_SECONDS = 3600;
/**
 * The lifetime the ServiceAccount admission plugin requests for kube-api-access-* volumes, and the one
 * request that opts a pod-bound token into extended expiry (`WarnOnlyBoundTokenExpirationSeconds`,
 * pkg/serviceaccount/claims.go; used by plugin/pkg/admission/serviceaccount/admission.go).
 */
export const EXTENDED_REQUEST_SECONDS = 3607;
/** Real lifetime of an extended token by default (`ExpirationExtensionSeconds`, 365 days, claims.go). */
export const EXTENDED_EXPIRATION_SECONDS = 365 * 24 * 60 * 60;
/** Seconds past `exp` that the API server still accepts a token (go-jose v2 `jwt.DefaultLeeway`). */
export const LEEWAY_SECONDS = 60;

/** Age after which the kubelet refreshes a projected token whatever its TTL (`maxTTL`, pkg/kubelet/token/token_manager.go). */
export const KUBELET_MAX_TTL_SECONDS = 24 * 60 * 60;
/**
 * Percentage of the TTL left when the kubelet refreshes: it refreshes once the token is older than
 * 80 % of its TTL. Kept integral because upstream computes `(expirationSeconds*20)/100` in int64.
 */
export const KUBELET_REFRESH_TAIL_PERCENT = 20;

/**
 * Seconds after issue when the kubelet refreshes a projected token of this lifetime, ignoring its
 * random 0–10 s early jitter. requiresRefresh in pkg/kubelet/token/token_manager.go refreshes after
 * `iat + maxTTL` or after `exp − (expirationSeconds*20)/100 s`, whichever comes first; the division
 * is Go int64 division, so 3607 s leaves 721 s (not 721.4 s) and the refresh comes at 2886 s.
 */
export function kubeletRefreshAfterSeconds(expirationSeconds: number): number {
  return Math.min(expirationSeconds - kubeletRefreshTailSeconds(expirationSeconds), KUBELET_MAX_TTL_SECONDS);
}

/** Seconds before `exp` at which the kubelet refreshes: `(expirationSeconds*20)/100`, truncated as in Go. */
export function kubeletRefreshTailSeconds(expirationSeconds: number): number {
  return Math.trunc((expirationSeconds * KUBELET_REFRESH_TAIL_PERCENT) / 100);
}

/** The API server's validation message for a requested `expirationSeconds`, or null when acceptable. */
export function validateExpirationSeconds(n: number): string | null {
  // Not an API message: the server rejects non-integers while decoding JSON, before validation runs.
  if (!Number.isInteger(n)) return 'must be a whole number of seconds';
  if (n < MIN_EXPIRATION_SECONDS) return TOO_SHORT_MESSAGE;
  if (n > MAX_EXPIRATION_SECONDS) return TOO_LONG_MESSAGE;
  return null;
}
