import 'server-only';
import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { AppError } from '@/lib/contracts/errors';
import type { FetchedDocument, VerifierCheck, VerifyRequest, VerifyResult } from '@/lib/contracts/verifier';
import type { TokenClaims } from '@/lib/k8s/claims';
import type { KubeClients, RequestClients } from '@/lib/kube/clients';
import { toAppError } from '@/lib/kube/errors';
import { rawGet } from '@/lib/kube/raw';
import type { Session } from '@/lib/server/session/session';
import { checkClaims, checkSignature, type SignatureOutcome } from '../../tokens/verifier-checks';
import { expectedAudiences, hasPlaceholder, verifierProfile } from '../../tokens/verifier-profiles';
import { fetchPublicJson, IssuerFetchError } from './issuer-fetch';
import { secretOf } from './vault';

// The external verifier view: fetch the issuer's discovery document and JWKS as an outside verifier
// does, verify the vault copy's signature with jose, and check its claims against a verifier
// profile. The token never leaves the server; the answer carries checks, URLs and public keys only.
//
// Whose credentials: the configured cluster's discovery paths are read with `clients.forCaller`
// (the signed-in user in shared mode, the dashboard identity locally), never silently as the
// dashboard. Upstream's RBAC bootstrap binds the system:service-account-issuer-discovery
// ClusterRole (get on /.well-known/openid-configuration and /openid/v1/jwks) to the group
// system:serviceaccounts only, so a person may be refused: the refusal is shown as the discovery
// check's reason, with what to grant.

/** Outside verifiers differ in clock-skew tolerance; this view is strict and says so. */
export const VERIFY_LEEWAY_SECONDS = 0;

const DISCOVERY_PATH = '/.well-known/openid-configuration';
/** Where kube-apiserver serves the keys (pkg/serviceaccount/openidmetadata.go, JWKSPath). */
const JWKS_PATH = '/openid/v1/jwks';

interface DiscoveryDoc {
  issuer?: unknown;
  jwks_uri?: unknown;
  id_token_signing_alg_values_supported?: unknown;
}

class Refused extends Error {
  constructor(
    message: string,
    readonly doc: FetchedDocument,
  ) {
    super(message);
  }
}

const ms = (n: number) => Math.round(n * 10) / 10;

async function fromApiServer(cluster: KubeClients, path: string, named?: string, note?: string) {
  const url = new URL(path, cluster.server).href;
  const res = await rawGet(cluster, path, undefined, 'application/json, application/jwk-set+json').catch(
    (err) => {
      throw toAppError(err, cluster.server);
    },
  );
  const doc: FetchedDocument = {
    url,
    via: 'api-server',
    status: res.status,
    durationMs: ms(res.durationMs),
    ...(named ? { named } : {}),
    ...(note ? { note } : {}),
  };
  if (res.status !== 200) {
    const message = (res.body as { message?: string } | undefined)?.message;
    const grant =
      res.status === 403
        ? ` Reading it needs get on the non-resource URL ${path}: the ClusterRole system:service-account-issuer-discovery grants it, and upstream binds it only to ServiceAccounts (group system:serviceaccounts); bind it to your user or group to read it.`
        : res.status === 401
          ? ' The API server did not accept the caller’s credentials.'
          : '';
    throw new Refused(
      `The API server answered HTTP ${res.status}${message ? `: ${message}` : ''}.${grant}`,
      doc,
    );
  }
  return { doc, body: res.body };
}

async function fromPublic(raw: string, named?: string) {
  try {
    const r = await fetchPublicJson(raw);
    return {
      doc: {
        url: r.url,
        via: 'https',
        status: r.status,
        durationMs: ms(r.durationMs),
        ...(named && named !== r.url ? { named } : {}),
      } satisfies FetchedDocument,
      body: r.body,
    };
  } catch (err) {
    if (err instanceof IssuerFetchError)
      throw new Refused(err.message, { url: raw, via: 'https', status: err.status, durationMs: 0 });
    throw err;
  }
}

const sameOrigin = (a: string, b: string) => {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
};

/** Verifies a held token as an outside verifier would. Throws `not-found:token`, `invalid:request` and kube failures. */
export async function verifyHeldToken(
  clients: RequestClients,
  session: Session,
  id: string,
  req: VerifyRequest,
): Promise<VerifyResult> {
  const token = secretOf(session, id, clients.context);
  const profile = verifierProfile(req.profile);
  const nowMs = req.at ? Date.parse(req.at) : Date.now();
  if (!Number.isFinite(nowMs)) throw new AppError('invalid:request', 'at is not a time.');
  const now = Math.floor(nowMs / 1000);
  let claims: TokenClaims;
  let header: { alg?: string; kid?: string };
  try {
    claims = decodeJwt(token) as TokenClaims;
    header = decodeProtectedHeader(token) as { alg?: string; kid?: string };
  } catch {
    throw new AppError('invalid:request', 'The held token is not a JSON Web Token.');
  }

  // The configured cluster, named by its URL, is read through the kube client like the cluster source.
  const cluster = clients.forCaller;
  const viaCluster = req.source.kind === 'cluster' || sameOrigin(req.source.issuer, cluster.server);
  const checks: VerifierCheck[] = [];
  let discovery: FetchedDocument | undefined;
  let jwksDoc: FetchedDocument | undefined;
  let issuer: string | undefined = req.source.kind === 'url' ? req.source.issuer : undefined;
  let jwks: JWK[] | undefined;
  let algs: string[] = [];
  let signature: SignatureOutcome = { state: 'no-keys', why: 'the issuer’s keys could not be read.' };

  // 1. Discovery.
  let doc: DiscoveryDoc | undefined;
  try {
    const got = viaCluster
      ? await fromApiServer(
          cluster,
          DISCOVERY_PATH,
          req.source.kind === 'url' ? `${req.source.issuer.replace(/\/$/, '')}${DISCOVERY_PATH}` : undefined,
          req.source.kind === 'url'
            ? 'This URL is the configured cluster: read through the kube client with your credentials.'
            : undefined,
        )
      : await fromPublic(`${(req.source as { issuer: string }).issuer.replace(/\/$/, '')}${DISCOVERY_PATH}`);
    discovery = got.doc;
    doc = (got.body ?? {}) as DiscoveryDoc;
    if (typeof doc.issuer !== 'string' || typeof doc.jwks_uri !== 'string') {
      checks.push({
        id: 'discovery',
        title: 'Discovery document',
        ok: false,
        reason: `${got.doc.url} has no issuer or jwks_uri: it is not an OpenID discovery document.`,
      });
      doc = undefined;
    } else if (req.source.kind === 'url' && !viaCluster && doc.issuer !== req.source.issuer) {
      checks.push({
        id: 'discovery',
        title: 'Discovery document',
        ok: false,
        reason: `The document names issuer \`${doc.issuer}\`, not the URL given (\`${req.source.issuer}\`); OpenID discovery requires them to be equal.`,
      });
      doc = undefined;
    } else {
      issuer = doc.issuer;
      algs = Array.isArray(doc.id_token_signing_alg_values_supported)
        ? doc.id_token_signing_alg_values_supported.filter((a): a is string => typeof a === 'string')
        : [];
      checks.push({
        id: 'discovery',
        title: 'Discovery document',
        ok: true,
        reason: `Read from ${got.doc.url}: issuer \`${doc.issuer}\`, jwks_uri \`${doc.jwks_uri}\`${algs.length ? `, algorithms ${algs.join(', ')}` : ''}.`,
      });
    }
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    discovery = err.doc;
    checks.push({
      id: 'discovery',
      title: 'Discovery document',
      ok: false,
      reason: `${err.doc.url}: ${err.message}`,
    });
  }

  // 2. JWKS, from the URL the document names; the cluster's own issuer host is mapped to the API server.
  if (doc && typeof doc.jwks_uri === 'string' && typeof doc.issuer === 'string') {
    const named = doc.jwks_uri;
    try {
      const got = sameOrigin(named, cluster.server)
        ? await fromApiServer(cluster, new URL(named).pathname + new URL(named).search)
        : viaCluster && sameOrigin(named, doc.issuer)
          ? await fromApiServer(
              cluster,
              JWKS_PATH,
              named,
              `jwks_uri names the issuer’s own host, which resolves only inside the cluster; the API server serves the same keys at ${JWKS_PATH}.`,
            )
          : await fromPublic(named);
      jwksDoc = got.doc;
      const keys = (got.body as { keys?: unknown } | undefined)?.keys;
      jwks = Array.isArray(keys) ? (keys.filter((k) => k && typeof k === 'object') as JWK[]) : [];
      checks.push(
        jwks.length
          ? {
              id: 'jwks',
              title: 'Signing keys (JWKS)',
              ok: true,
              reason: `${jwks.length} key${jwks.length === 1 ? '' : 's'} read from ${got.doc.url}.`,
            }
          : { id: 'jwks', title: 'Signing keys (JWKS)', ok: false, reason: `${got.doc.url} lists no keys.` },
      );
      if (!jwks.length) signature = { state: 'no-keys', why: 'the issuer publishes no keys.' };
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      jwksDoc = err.doc;
      checks.push({
        id: 'jwks',
        title: 'Signing keys (JWKS)',
        ok: false,
        reason: `${err.doc.url}: ${err.message}`,
      });
    }
  } else {
    checks.push({
      id: 'jwks',
      title: 'Signing keys (JWKS)',
      ok: false,
      reason: 'Not read: there is no usable discovery document to name them.',
    });
  }

  // 3. Signature, locally with jose.
  if (jwks?.length) signature = await verifySignature(token, header, jwks, algs);
  checks.push(checkSignature(signature));

  // 4. Claims.
  const audiences = expectedAudiences(req.profile, req.audience, issuer);
  const claimChecks = checkClaims(claims, { issuer, audiences, now, leeway: VERIFY_LEEWAY_SECONDS });
  const aud = claimChecks.find((c) => c.id === 'aud');
  if (aud && !aud.ok && audiences.some(hasPlaceholder))
    aud.reason += ' Replace PROJECT_NUMBER, POOL_ID and PROVIDER_ID with your provider’s.';
  checks.push(...claimChecks);

  return {
    profile: { id: profile.id, name: profile.name, audiences },
    source: req.source.kind,
    ...(issuer ? { issuer } : {}),
    ...(discovery ? { discovery } : {}),
    ...(jwksDoc ? { jwks: jwksDoc } : {}),
    keys: (jwks ?? []).map((k) => ({
      ...(typeof k.kid === 'string' ? { kid: k.kid } : {}),
      ...(typeof k.kty === 'string' ? { kty: k.kty } : {}),
      ...(typeof k.alg === 'string' ? { alg: k.alg } : {}),
    })),
    checks,
    passed: checks.every((c) => c.ok),
    at: new Date(nowMs).toISOString(),
    leewaySeconds: VERIFY_LEEWAY_SECONDS,
  };
}

async function verifySignature(
  token: string,
  header: { alg?: string; kid?: string },
  jwks: JWK[],
  algs: string[],
): Promise<SignatureOutcome> {
  const alg = header.alg ?? '';
  if (!alg || alg === 'none' || alg.startsWith('HS') || (algs.length > 0 && !algs.includes(alg))) {
    return { state: 'alg-refused', alg: alg || 'no algorithm', supported: algs };
  }
  const candidates = header.kid ? jwks.filter((k) => k.kid === header.kid) : jwks;
  if (candidates.length === 0) {
    return {
      state: 'kid-missing',
      kid: header.kid,
      jwksKids: jwks.map((k) => (typeof k.kid === 'string' ? k.kid : '(no kid)')),
    };
  }
  let why = 'signature verification failed';
  for (const jwk of candidates) {
    try {
      const key = await importJWK({ ...jwk, alg: jwk.alg ?? alg }, alg);
      await compactVerify(token, key, { algorithms: [alg] });
      return { state: 'verified', kid: header.kid, alg };
    } catch (err) {
      why = err instanceof Error ? err.message : why;
    }
  }
  return { state: 'bad-signature', kid: header.kid, alg, why: `${why}.` };
}
