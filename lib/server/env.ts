import 'server-only';

/** Every environment variable Tokenscope reads, read in this one place. */
export interface Env {
  /** KUBECONFIG as given (may list several files separated by ':'). */
  kubeconfig: string | undefined;
  /** Context to use instead of the kubeconfig's current one. */
  context: string | undefined;
  home: string | undefined;
  /**
   * Where the in-cluster ServiceAccount files are found, prefixed to
   * /var/run/secrets/kubernetes.io/serviceaccount ('' in a pod; tests point it at a temp dir).
   */
  inClusterRoot: string;
  /** Set by Kubernetes in every pod; client-node reads it (and the port) when loading in-cluster config. */
  inClusterHost: string | undefined;
  /** Port the server is served on (`PORT`; scripts/lib/next.mjs sets it for `next start -p`). */
  port: number;
  /**
   * Origins (`scheme://host[:port]`) people open besides the loopback names, from the
   * comma-separated `TOKENSCOPE_PUBLIC_URL`; entries that are not http(s) URLs are dropped (never served).
   */
  publicOrigins: string[];
  /** The server itself speaks TLS (`TOKENSCOPE_TLS_CERT` and `TOKENSCOPE_TLS_KEY` both set). */
  tls: boolean;
  /** A TLS-terminating proxy is in front (`TOKENSCOPE_TRUST_PROXY=1`): its `X-Forwarded-Proto` is believed. */
  trustProxy: boolean;
  /**
   * 'local' (default): one user on this machine; the dashboard identity serves them.
   * 'shared': every browser signs in with its own token and Tokenscope acts as that user.
   */
  mode: 'local' | 'shared';
  presenterSafe: boolean;
  readOnly: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Turns per-session rate limits off (benchmarks only). */
  rateLimitOff: boolean;
  production: boolean;
  /**
   * Namespaces whose Secrets the dashboard identity reads (legacy token Secrets; a list of Secrets
   * carries their data, whatever the Accept header): 'all' when TOKENSCOPE_SECRET_NAMESPACES is
   * unset or '*', else the comma-separated names ('' = none). Signed-in users' own rights are not limited by it.
   */
  secretNamespaces: 'all' | string[];
  /**
   * The API server's audit log file (`TOKENSCOPE_AUDIT_LOG`; `npm run demo` and the tests set it to the
   * local control plane's `<data-dir>/audit/audit.log`). Rotated backups beside it are read too.
   */
  auditLog: string | undefined;
  /**
   * How long a list page waits for its data before it streams a loading state instead
   * (`TOKENSCOPE_IN_DOCUMENT_MS`, 0–10,000, default 300; see components/ui/in-document-if-quick.tsx).
   */
  inDocumentMs: number;
}

function flag(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}

function port(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : 3000;
}

function origins(value: string | undefined): string[] {
  const out: string[] = [];
  for (const entry of (value ?? '').split(',')) {
    try {
      const url = new URL(entry.trim());
      if (url.protocol === 'http:' || url.protocol === 'https:') out.push(url.origin);
    } catch {}
  }
  return out;
}

/**
 * How long a list page waits for its data by default before it streams a loading state. React
 * reveals a streamed Suspense boundary about 300 ms after the first paint (it batches reveals), so
 * data ready sooner than that is shown sooner inside the document itself.
 */
export const IN_DOCUMENT_MS = 300;

function millis(value: string | undefined, fallback: number, max: number): number {
  const n = Number(value);
  return value !== undefined && value.trim() !== '' && Number.isInteger(n) && n >= 0 && n <= max
    ? n
    : fallback;
}

function logLevel(value: string | undefined): Env['logLevel'] {
  return value === 'debug' || value === 'warn' || value === 'error' ? value : 'info';
}

function namespaceList(value: string | undefined): 'all' | string[] {
  if (value === undefined || value.trim() === '*') return 'all';
  return value
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
}

/** Reads the environment; cheap enough to call per request, so tests can change it. */
export function env(): Env {
  const e = process.env;
  return {
    kubeconfig: e.KUBECONFIG || undefined,
    context: e.TOKENSCOPE_CONTEXT || undefined,
    // Windows sets USERPROFILE, and HOME only in some shells; kubectl looks at both.
    home: e.HOME || e.USERPROFILE || undefined,
    inClusterRoot: e.TOKENSCOPE_IN_CLUSTER_ROOT ?? '',
    inClusterHost: e.KUBERNETES_SERVICE_HOST || undefined,
    port: port(e.PORT),
    publicOrigins: origins(e.TOKENSCOPE_PUBLIC_URL),
    tls: Boolean(e.TOKENSCOPE_TLS_CERT && e.TOKENSCOPE_TLS_KEY),
    trustProxy: flag(e.TOKENSCOPE_TRUST_PROXY),
    mode: e.TOKENSCOPE_MODE === 'shared' ? 'shared' : 'local',
    presenterSafe: flag(e.TOKENSCOPE_PRESENTER_SAFE),
    readOnly: flag(e.TOKENSCOPE_READ_ONLY),
    logLevel: logLevel(e.TOKENSCOPE_LOG_LEVEL),
    rateLimitOff: e.TOKENSCOPE_RATE_LIMIT === 'off',
    production: e.NODE_ENV === 'production',
    secretNamespaces: namespaceList(e.TOKENSCOPE_SECRET_NAMESPACES),
    auditLog: e.TOKENSCOPE_AUDIT_LOG || undefined,
    inDocumentMs: millis(e.TOKENSCOPE_IN_DOCUMENT_MS, IN_DOCUMENT_MS, 10_000),
  };
}
