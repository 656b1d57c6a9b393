// The kubeconfig's contexts as GET /api/clusters lists them: no credentials, no tokens, only what
// names a context and says whether Tokenscope can reach it.

/** How a context's user authenticates, without any secret: the kind and, for plugins, their name. */
export type ClusterAuth =
  | { kind: 'token' }
  | { kind: 'client-cert' }
  | { kind: 'basic' }
  /** An exec credential plugin; `command` is the program's file name (no directory, no arguments). */
  | { kind: 'exec'; command: string }
  /** A legacy auth-provider (`oidc`, `azure`, `gcp`, …). */
  | { kind: 'auth-provider'; name: string }
  | { kind: 'in-cluster' }
  | { kind: 'none' };

/** What went wrong when a context was checked, one word each, for the UI and the tests to switch on. */
export const CLUSTER_PROBLEMS = [
  'exec-not-found',
  'exec-failed',
  'auth-provider',
  'certificate',
  'unreachable',
  'timeout',
  'unauthorized',
  'forbidden',
  'kubeconfig',
  'server-error',
  'unknown',
] as const;
export type ClusterProblem = (typeof CLUSTER_PROBLEMS)[number];

/** A plain-words diagnosis: what happened and what to do. Never a token or a raw exception. */
export interface ClusterDiagnosis {
  problem: ClusterProblem;
  /** One sentence: what happened. */
  summary: string;
  /** What to do, one step each. */
  hints: string[];
}

/** The result of one connection check. */
export type ClusterStatus =
  | { state: 'unchecked' }
  | {
      state: 'ok';
      checkedAt: string;
      ms: number;
      /** The API server's gitVersion, when /version answered. */
      version?: string;
      /** Who the API server says this context's user is (SelfSubjectReview). */
      user: { username: string; groups: string[] };
    }
  | ({ state: 'failed'; checkedAt: string; ms: number } & ClusterDiagnosis);

/** One kubeconfig context. */
export interface ClusterContext {
  name: string;
  /** The cluster entry the context names. */
  cluster: string;
  /** `host[:port]` of the cluster's server URL (never its credentials or path). */
  host: string;
  scheme: 'https' | 'http' | 'unknown';
  namespace?: string;
  auth: ClusterAuth;
  /** The context the dashboard uses (the kubeconfig's current one, or TOKENSCOPE_CONTEXT). */
  current: boolean;
  status: ClusterStatus;
}

export interface ClusterList {
  /** Where the kubeconfig came from (as the overview's identity card says). */
  source: 'kubeconfig-env' | 'kubeconfig-home' | 'in-cluster';
  contexts: ClusterContext[];
}

/** POST /api/clusters/check: one context, or every context when omitted. */
export interface ClusterCheckRequest {
  context?: string;
}
