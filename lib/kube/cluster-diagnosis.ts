import 'server-only';
import type { ClusterAuth, ClusterDiagnosis } from '@/lib/contracts/clusters';
import { redact } from '@/lib/server/log/redact';
import { kubeStatusOf } from './errors';

/** Where a check failed: getting credentials (exec plugin, auth-provider, files) or talking to the server. */
export type CheckPhase = 'credentials' | 'request';

export interface DiagnosisInput {
  phase: CheckPhase;
  /** The context being checked (named in the hints' kubectl commands). */
  context: string;
  /** The cluster's server URL as the kubeconfig gives it. */
  server: string;
  auth: ClusterAuth;
  timeoutMs: number;
}

/** The plugins cloud CLIs install, by the command name kubeconfigs use, and where each comes from. */
const PLUGIN_SOURCES: Record<string, string> = {
  aws: 'the AWS CLI (`aws eks get-token`)',
  'aws-iam-authenticator': 'aws-iam-authenticator (EKS)',
  'gke-gcloud-auth-plugin': 'the Google Cloud CLI (`gcloud components install gke-gcloud-auth-plugin`)',
  kubelogin:
    'kubelogin (Azure: `az aks install-cli`; OIDC: the int128/kubelogin `kubectl oidc-login` plugin)',
  'kubectl-oidc_login': 'the int128/kubelogin plugin (`kubectl krew install oidc-login`)',
  doctl: 'the DigitalOcean CLI (`doctl kubernetes cluster kubeconfig save`)',
  oci: 'the Oracle Cloud CLI (`oci ce cluster generate-token`)',
  ibmcloud: 'the IBM Cloud CLI',
};

const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'nothing accepts connections there (connection refused)',
  ENOTFOUND: 'its host name does not resolve (DNS)',
  EAI_AGAIN: 'its host name could not be resolved right now (DNS)',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection was closed',
};

const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

interface Facts {
  codes: string[];
  names: string[];
  syscall?: string;
  path?: string;
  message: string;
}

/** The error codes, names and first message along an error's `cause` chain (fetch wraps socket errors). */
function factsOf(err: unknown): Facts {
  const facts: Facts = { codes: [], names: [], message: '' };
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const o = e as {
      code?: unknown;
      name?: unknown;
      syscall?: unknown;
      path?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof o.code === 'string') facts.codes.push(o.code);
    if (typeof o.name === 'string') facts.names.push(o.name);
    if (typeof o.syscall === 'string') facts.syscall ??= o.syscall;
    if (typeof o.path === 'string') facts.path ??= o.path;
    if (!facts.message && typeof o.message === 'string') facts.message = o.message;
    e = o.cause;
  }
  return facts;
}

/** A plugin's stderr as it may be shown: no token-shaped text, at most 400 characters, one paragraph. */
export function cleanStderr(text: string): string {
  const flat = redact(text).replace(/\s+/g, ' ').trim();
  return flat.length > 400 ? `${flat.slice(0, 399)}…` : flat;
}

function origin(server: string): string {
  try {
    const u = new URL(server);
    return `${u.protocol}//${u.host}`;
  } catch {
    return server || '(no server URL)';
  }
}

const tryKubectl = (context: string) =>
  `Try \`kubectl --context ${context} get --raw /version\` in a terminal to see the same failure.`;

function credentialsDiagnosis(err: unknown, input: DiagnosisInput, facts: Facts): ClusterDiagnosis {
  const { auth, context } = input;
  if (auth.kind === 'exec') {
    const cmd = auth.command;
    if (
      facts.syscall?.startsWith('spawn') &&
      (facts.codes.includes('ENOENT') || facts.codes.includes('EACCES'))
    ) {
      const notFound = facts.codes.includes('ENOENT');
      const from = PLUGIN_SOURCES[cmd];
      return {
        problem: 'exec-not-found',
        summary: notFound
          ? `The credential plugin \`${cmd}\` is not on the PATH of the Tokenscope server.`
          : `The credential plugin \`${cmd}\` is not executable.`,
        hints: [
          from
            ? `\`${cmd}\` usually comes with ${from}; install it, then restart Tokenscope from a shell where \`${cmd}\` runs.`
            : `Exec plugins are usually installed by the cloud's CLI (aws, gke-gcloud-auth-plugin, kubelogin); install the one that provides \`${cmd}\`, or give its full path in the kubeconfig.`,
          'Tokenscope runs the plugin with its own PATH, which is the PATH of the shell that started it.',
        ],
      };
    }
    if (err instanceof SyntaxError) {
      return {
        problem: 'exec-failed',
        summary: `The credential plugin \`${cmd}\` printed something that is not an ExecCredential (JSON).`,
        hints: [
          'Run the command from the kubeconfig by hand: it must print one ExecCredential object on stdout.',
          tryKubectl(context),
        ],
      };
    }
    const stderr = cleanStderr(facts.message);
    return {
      problem: 'exec-failed',
      summary: `The credential plugin \`${cmd}\` exited with an error${stderr ? `: ${stderr}` : ' and printed nothing on stderr.'}`,
      hints: [
        'A cloud plugin usually fails because its own login expired: sign in again with the cloud CLI (for example `aws sso login`, `gcloud auth login`, `az login`).',
        tryKubectl(context),
      ],
    };
  }
  if (facts.codes.includes('ENOENT') && facts.syscall === 'open') {
    return {
      problem: 'kubeconfig',
      summary: `A file the kubeconfig names for this context does not exist${facts.path ? `: ${facts.path}` : ''}.`,
      hints: [
        'Fix the path (certificate-authority, client-certificate, client-key or token-file) in the kubeconfig.',
      ],
    };
  }
  if (auth.kind === 'auth-provider') {
    return {
      problem: 'auth-provider',
      summary: `The \`${auth.name}\` auth-provider could not get credentials${facts.message ? `: ${cleanStderr(facts.message)}` : '.'}`,
      hints: [
        auth.name === 'oidc'
          ? 'The id-token expired and refreshing it failed: log in again with your OIDC tool (for example `kubectl oidc-login`) so the kubeconfig holds a fresh id-token and refresh-token.'
          : `The \`${auth.name}\` auth-provider is deprecated in kubectl; switch the kubeconfig to the exec plugin your cloud provides.`,
        tryKubectl(context),
      ],
    };
  }
  return {
    problem: 'kubeconfig',
    summary: `The credentials in the kubeconfig could not be loaded${facts.message ? `: ${cleanStderr(facts.message)}` : '.'}`,
    hints: [`Check the context's user entry (\`kubectl config view --minify --context ${context}\`).`],
  };
}

function certificateDiagnosis(code: string, input: DiagnosisInput): ClusterDiagnosis {
  const at = origin(input.server);
  if (UNKNOWN_AUTHORITY.has(code)) {
    return {
      problem: 'certificate',
      summary: `The API server at ${at} presented a certificate signed by an authority the kubeconfig does not trust (${code}).`,
      hints: [
        "Put the cluster's CA in the kubeconfig (certificate-authority-data); it may have been replaced when the cluster was rebuilt.",
        'Fetch a fresh kubeconfig from your provider if the cluster was recreated.',
      ],
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      problem: 'certificate',
      summary: `The API server's certificate does not name the host in the kubeconfig (${at}).`,
      hints: [
        'Use a server address the certificate covers, or set tls-server-name in the cluster entry to a name it does cover.',
      ],
    };
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return {
      problem: 'certificate',
      summary: `The API server at ${at} presented a certificate that ${code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not valid yet'}.`,
      hints: [
        "Renew the API server certificate (for kubeadm: `kubeadm certs renew apiserver`), or check this machine's clock.",
      ],
    };
  }
  return {
    problem: 'certificate',
    summary: `The TLS handshake with the API server at ${at} failed (${code}).`,
    hints: [
      "Check that the server URL is the API server's https address and that the kubeconfig's CA matches it.",
    ],
  };
}

/** Turns a failed connection check into what happened and what to do, in plain words. */
export function diagnose(err: unknown, input: DiagnosisInput): ClusterDiagnosis {
  const facts = factsOf(err);
  const at = origin(input.server);
  if (err === 'timeout' || facts.names.some((n) => n === 'AbortError' || n === 'TimeoutError')) {
    const secs = Math.round(input.timeoutMs / 1000);
    if (input.phase === 'credentials' && input.auth.kind === 'exec') {
      return {
        problem: 'timeout',
        summary: `The credential plugin \`${input.auth.command}\` did not finish within ${secs} s.`,
        hints: [
          'It may be waiting for an interactive login, which Tokenscope cannot answer: run `kubectl --context ' +
            input.context +
            ' get ns` once in a terminal, then re-check.',
        ],
      };
    }
    return {
      problem: 'timeout',
      summary: `The API server at ${at} did not answer within ${secs} s.`,
      hints: ['Check that the cluster is running and reachable from this machine (VPN, firewall, proxy).'],
    };
  }
  if (input.phase === 'credentials') return credentialsDiagnosis(err, input, facts);
  const status = kubeStatusOf(err);
  if (status?.code === 401) {
    return {
      problem: 'unauthorized',
      summary: `The API server at ${at} rejected this context's credentials (401 Unauthorized).`,
      hints: [
        input.auth.kind === 'token'
          ? 'The token has expired or was revoked: get a new one and put it in the kubeconfig.'
          : input.auth.kind === 'client-cert'
            ? 'The client certificate is not signed by a CA this API server trusts, or has expired.'
            : 'The credentials the plugin or provider produced are not accepted by this cluster: sign in again.',
        tryKubectl(input.context),
      ],
    };
  }
  if (status?.code === 403) {
    return {
      problem: 'forbidden',
      summary: `The API server at ${at} answered, but this context's user may not ask who it is (403: ${status.message.slice(0, 200)}).`,
      hints: [
        'No credentials reached the server (the request ran as system:anonymous), or RBAC denies SelfSubjectReview.',
        `Check the context's user entry (\`kubectl config view --minify --context ${input.context}\`).`,
      ],
    };
  }
  if (status) {
    return {
      problem: 'server-error',
      summary: `The API server at ${at} answered ${status.code} ${status.reason}.`,
      hints: ['SelfSubjectReview is GA since Kubernetes 1.28; an older or unusual server may not serve it.'],
    };
  }
  const tls = facts.codes.find((c) => UNKNOWN_AUTHORITY.has(c) || /CERT|SSL|TLS/.test(c) || c === 'EPROTO');
  if (tls) return certificateDiagnosis(tls, input);
  const net = facts.codes.find((c) => c in UNREACHABLE);
  if (net) {
    return {
      problem: 'unreachable',
      summary: `Cannot reach the API server at ${at}: ${UNREACHABLE[net]}.`,
      hints: [
        'Is the cluster running? Check the server address in the kubeconfig and your network (VPN, firewall, proxy).',
        tryKubectl(input.context),
      ],
    };
  }
  if (facts.codes.includes('ENOENT') && facts.syscall === 'open')
    return credentialsDiagnosis(err, input, facts);
  return {
    problem: 'unknown',
    summary: `The check of this context failed for a reason Tokenscope does not recognise${facts.codes[0] ? ` (${facts.codes[0]})` : ''}.`,
    hints: [tryKubectl(input.context)],
  };
}

/**
 * Getting credentials succeeded but produced none, so requests would go out anonymous. client-node
 * 1.4 does that silently for an OIDC auth-provider whose id-token expired when the kubeconfig has
 * no refresh-token, client-id and idp-issuer-url to renew it.
 */
export function noCredentials(input: Pick<DiagnosisInput, 'auth' | 'context'>): ClusterDiagnosis {
  const { auth, context } = input;
  if (auth.kind === 'auth-provider' && auth.name === 'oidc') {
    return {
      problem: 'auth-provider',
      summary:
        'The OIDC id-token in the kubeconfig has expired and there is no refresh-token to renew it, so no credentials would be sent.',
      hints: [
        'Log in again with your OIDC tool (for example `kubectl oidc-login`) so the kubeconfig holds a fresh id-token and refresh-token.',
        'Tokenscope renews an id-token only when the kubeconfig has refresh-token, client-id and idp-issuer-url.',
      ],
    };
  }
  if (auth.kind === 'exec') {
    return {
      problem: 'exec-failed',
      summary: `The credential plugin \`${auth.command}\` printed an ExecCredential with neither a token nor a client certificate.`,
      hints: [tryKubectl(context)],
    };
  }
  return {
    problem: auth.kind === 'auth-provider' ? 'auth-provider' : 'kubeconfig',
    summary:
      auth.kind === 'auth-provider'
        ? `The \`${auth.name}\` auth-provider produced no credentials; Tokenscope (client-node 1.4) may not support it.`
        : 'The context’s user carries no credentials, so requests would go out anonymous.',
    hints: [`Check the context's user entry (\`kubectl config view --minify --context ${context}\`).`],
  };
}
