// The error vocabulary, zod-free so browser code can rebuild AppError without shipping zod (~32 kB
// compressed on every page). Its schema for /api/openapi.json is in errors.schema.ts.

/**
 * Error codes shared by server and browser: `<kind>:<where>`. The kind decides the HTTP status;
 * the browser switches on the code to decide what to tell the user.
 */
export const errorCodes = [
  'invalid:request',
  'unauthorized:session',
  'forbidden:csrf',
  'forbidden:host',
  'forbidden:kube',
  'forbidden:read-only',
  'forbidden:presenter-safe',
  'forbidden:shared-mode',
  'forbidden:cluster',
  'unauthorized:kube',
  'not-found:kube',
  'not-found:token',
  'not-found:context',
  'conflict:kube',
  'invalid:kube',
  'unavailable:kubeconfig',
  'unavailable:kube',
  'timeout:kube',
  'rate-limited:session',
  'rate-limited:server',
  'too-large:request',
  'unavailable:server',
  'internal:server',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

const statusByKind: Record<string, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'rate-limited': 429,
  'too-large': 413,
  internal: 500,
  unavailable: 503,
  timeout: 504,
};

/**
 * Codes whose status is not their kind's. A Host Tokenscope does not serve (DNS rebinding) is
 * 421 Misdirected Request: this server is not the one that name should reach (RFC 9110 §15.5.20).
 */
const statusByCode: Partial<Record<ErrorCode, number>> = { 'forbidden:host': 421 };

/** A failure with a stable code; `detail` is safe to show (never raw upstream exception text). */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string;
  readonly status: number;
  /** Extra, safe facts for the UI (for example what was tried when no cluster is reachable). */
  readonly hints: string[];
  /** Seconds to wait before retrying (rate limits). */
  readonly retryAfter?: number;

  constructor(
    code: ErrorCode,
    detail: string,
    options: { status?: number; hints?: string[]; retryAfter?: number } = {},
  ) {
    super(`${code}: ${detail}`);
    this.name = 'AppError';
    this.code = code;
    this.detail = detail;
    this.hints = options.hints ?? [];
    this.retryAfter = options.retryAfter;
    this.status = options.status ?? statusForCode(code);
  }
}

/** The HTTP status that a code stands for. */
export function statusForCode(code: ErrorCode): number {
  const own = statusByCode[code];
  if (own !== undefined) return own;
  const kind = code.slice(0, code.indexOf(':'));
  return statusByKind[kind] ?? 500;
}

/** Problem JSON (RFC 9457) as Tokenscope's routes send it; `problemSchema` in errors.schema.ts describes it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  hints?: string[];
}

const titles: Record<string, string> = {
  invalid: 'Invalid request',
  unauthorized: 'Not authenticated',
  forbidden: 'Forbidden',
  'not-found': 'Not found',
  conflict: 'Conflict',
  'rate-limited': 'Too many requests',
  'too-large': 'Request too large',
  internal: 'Internal error',
  unavailable: 'Cluster unavailable',
  timeout: 'Cluster timed out',
};
/** Codes whose kind's title would mislead (a full session store is not a cluster outage). */
const codeTitles: Partial<Record<ErrorCode, string>> = { 'unavailable:server': 'Server busy' };

/** Turns an AppError into problem JSON. */
export function toProblem(error: AppError): Problem {
  const kind = error.code.slice(0, error.code.indexOf(':'));
  return {
    type: `https://tokenscope.dev/problems/${error.code.replace(':', '/')}`,
    title: codeTitles[error.code] ?? titles[kind] ?? 'Error',
    status: error.status,
    code: error.code,
    detail: error.detail,
    ...(error.hints.length > 0 ? { hints: error.hints } : {}),
  };
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isErrorCode = (v: unknown): v is ErrorCode => errorCodes.some((c) => c === v);

/**
 * Rebuilds an AppError from a response body received by the browser: the body's code and detail
 * when it carries a known code and a detail string (problem JSON), else internal:server.
 */
export function fromProblem(body: unknown, status: number): AppError {
  const p: Partial<Record<keyof Problem, unknown>> = typeof body === 'object' && body !== null ? body : {};
  if (isErrorCode(p.code) && isString(p.detail)) {
    const hints = Array.isArray(p.hints) ? p.hints.filter(isString) : undefined;
    return new AppError(p.code, p.detail, { status, hints });
  }
  return new AppError('internal:server', `Unexpected response (HTTP ${status}).`, { status });
}
