import 'server-only';
import { ApiException } from '@kubernetes/client-node';
import { AppError, type ErrorCode } from '@/lib/contracts/errors';

/** The parts of a Kubernetes `Status` body that are safe to show. */
export interface KubeStatus {
  code: number;
  reason: string;
  message: string;
}

const byHttp: Record<number, ErrorCode> = {
  400: 'invalid:kube',
  401: 'unauthorized:kube',
  403: 'forbidden:kube',
  404: 'not-found:kube',
  409: 'conflict:kube',
  422: 'invalid:kube',
  429: 'unavailable:kube',
};

/**
 * The HTTP status and Status message of a failed client-node call. ApiException.message embeds the
 * request headers (bearer token included), so only `code` and the parsed `body` are read.
 */
export function kubeStatusOf(err: unknown): KubeStatus | undefined {
  if (!(err instanceof ApiException)) return undefined;
  const code = Number(err.code);
  let body: unknown = err.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      body = undefined;
    }
  }
  const status = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const message = typeof status.message === 'string' ? status.message : defaultMessage(code);
  const reason = typeof status.reason === 'string' ? status.reason : defaultReason(code);
  return { code, reason, message };
}

function defaultMessage(code: number): string {
  if (code === 401) return 'Unauthorized';
  return `HTTP ${code}`;
}

function defaultReason(code: number): string {
  if (code === 401) return 'Unauthorized';
  if (code === 403) return 'Forbidden';
  if (code === 404) return 'NotFound';
  return code >= 500 ? 'InternalError' : 'Unknown';
}

/** Whether a failure means the API server could not be reached or did not answer in time. */
export function isUnreachable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const name = err.name;
  const code = (err as { code?: unknown }).code;
  return (
    name === 'AbortError' ||
    name === 'TimeoutError' ||
    name === 'FetchError' ||
    (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|EPIPE|EAI_AGAIN)$/.test(code))
  );
}

/**
 * Maps any failure of a Kubernetes call to an AppError with a safe detail. `server` names the API
 * server in connection errors. Never forwards raw exception text.
 */
export function toAppError(err: unknown, server?: string): AppError {
  if (err instanceof AppError) return err;
  const status = kubeStatusOf(err);
  if (status) {
    const code = byHttp[status.code] ?? (status.code >= 500 ? 'unavailable:kube' : 'invalid:kube');
    const detail = status.code === 401 ? 'The API server rejected the credentials (401 Unauthorized).' : status.message;
    // Keep the API server's own status (422 stays 422), except that its throttling is our outage.
    return new AppError(code, detail, { status: status.code === 429 ? 503 : status.code });
  }
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) {
    return new AppError('timeout:kube', `The API server${server ? ` at ${server}` : ''} did not answer in time.`, {
      hints: ['Check that the cluster is running; Tokenscope retries on the next request.'],
    });
  }
  if (isUnreachable(err)) {
    const sys = (err as { code?: unknown }).code;
    const why = typeof sys === 'string' ? ` (${sys})` : '';
    return new AppError('unavailable:kube', `Cannot reach the API server${server ? ` at ${server}` : ''}${why}.`, {
      hints: [
        'Is the cluster running? With the embedded cluster, start it with `npm run demo` or `npm run cluster`.',
        'Otherwise check the server address and network in your kubeconfig (`kubectl cluster-info`).',
      ],
    });
  }
  const sys = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  if (typeof sys === 'string' && /CERT|SSL|TLS|SELF_SIGNED/i.test(sys)) {
    return new AppError('unavailable:kube', `TLS handshake with the API server failed (${sys}).`, {
      hints: ['The certificate authority in your kubeconfig does not match the server.'],
    });
  }
  return new AppError('internal:server', 'Unexpected failure while calling the API server.');
}

/** Runs a Kubernetes call and turns any failure into an AppError. */
export async function kubeCall<T>(server: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toAppError(err, server);
  }
}
