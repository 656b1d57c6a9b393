import { AppError } from '@/lib/contracts/errors';

// Apart from tokens.ts (which re-exports it), so a view that only words a failure, like a copy
// button, does not carry every token route with it.

/** A failure as the UI shows it: the server's own detail when there is one, and its HTTP status. */
export function describeError(err: unknown): { detail: string; status?: number; code?: string } {
  if (err instanceof AppError) return { detail: err.detail, status: err.status, code: err.code };
  return { detail: 'The request failed unexpectedly.' };
}
