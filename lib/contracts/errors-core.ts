// The error vocabulary without zod, so browser code can rebuild AppError without shipping zod
// (~32 kB compressed on every page). errors.ts re-exports all of it beside the problem JSON schema.

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
  'unauthorized:kube',
  'not-found:kube',
  'not-found:token',
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

/** Problem JSON (RFC 9457) as Tokenscope's routes send it; `problemSchema` in errors.ts checks it. */
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
 * Whether `body` is problem JSON: the same test as `problemSchema.safeParse` (errors.test.ts holds
 * the two to the same answers), written by hand so that the browser does not need zod.
 */
export function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const p = body as Record<string, unknown>;
  return (
    isString(p.type) &&
    isString(p.title) &&
    Number.isSafeInteger(p.status) &&
    isErrorCode(p.code) &&
    isString(p.detail) &&
    (p.hints === undefined || (Array.isArray(p.hints) && p.hints.every(isString)))
  );
}

/** Rebuilds an AppError from problem JSON received by the browser. */
export function fromProblem(body: unknown, status: number): AppError {
  if (isProblem(body)) return new AppError(body.code, body.detail, { status, hints: body.hints });
  return new AppError('internal:server', `Unexpected response (HTTP ${status}).`, { status });
}
