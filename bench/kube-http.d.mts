export interface Credentials {
  server: string;
  ca: Buffer;
  token: string;
}
export interface KubeHttp {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  listAll(path: string, limit?: number): Promise<unknown[]>;
  stats: { requests: number; retries: number };
  close(): void;
}
export function credentialsOf(kubeconfigPath: string): Credentials;
export function kubeHttp(credentials: Credentials, options?: { maxSockets?: number }): KubeHttp;
export function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]>;
