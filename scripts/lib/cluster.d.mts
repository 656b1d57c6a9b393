import type { ChildProcess } from 'node:child_process';

export const root: string;
export const clusterBinary: string;
export const kubeVersions: Record<string, { version: string; modfile: string | undefined }>;
export const defaultKube: string;
export function selectedKube(value?: string): string;
export function clusterBinaryFor(minor?: string): string;
export interface ReadyInfo {
  server: string;
  kubeconfig: string;
  caFile: string;
  issuer: string;
  signingKey: string;
  adminToken: string;
  dataDir: string;
  /** The API server's audit log (ServiceAccount requests, Metadata level; rotated beside it). */
  auditLog: string;
  maxTokenExpirationSeconds: number;
  startMillis: number;
}
export function buildCluster(opts?: {
  log?: (m: string) => void;
  /** a key of kubeVersions; default: TOKENSCOPE_KUBE or defaultKube */
  kube?: string;
}): Promise<{ seconds: number; compiled: number }>;
export function startCluster(opts: {
  dataDir: string;
  port?: number;
  log?: (m: string) => void;
  timeoutMs?: number;
  kube?: string;
  /** an AuthenticationConfiguration file (apiserver.config.k8s.io/v1) for the API server: JWT issuers such as an OIDC provider */
  authenticationConfig?: string;
  /** how often the API server compacts etcd, a Go duration such as '2s' (default 5m) */
  etcdCompactionInterval?: string;
}): Promise<{
  info: ReadyInfo;
  stop: () => Promise<void>;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: string | null }>;
}>;
export interface Restarted {
  info: ReadyInfo;
  /** from the exit to READY again */
  ms: number;
  restarts: number;
  child: ChildProcess;
}
export function superviseCluster(opts: {
  dataDir: string;
  port?: number;
  log?: (m: string) => void;
  onRestart?: (r: Restarted) => void;
  timeoutMs?: number;
}): Promise<{
  info: ReadyInfo;
  readonly child: ChildProcess;
  readonly restarts: number;
  stop: () => Promise<void>;
}>;
