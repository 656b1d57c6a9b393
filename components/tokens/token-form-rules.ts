import type { MintRequest } from '@/lib/contracts/tokens';
import {
  MAX_EXPIRATION_SECONDS,
  MIN_EXPIRATION_SECONDS,
  validateExpirationSeconds,
} from '@/lib/k8s/token-lifetime';
import { nameProblem } from '@/components/ui/name-check';
import { expirationSecondsOf, type MintForm, type MintProblem, toMintRequest } from './token-form-model';

// What the browser can know about a TokenRequest before sending it, said once, at its field: names
// must be DNS-1123 names and the lifetime within lib/k8s's bounds (quoting the API server's own
// text). Loaded when the form is first reached by pointer or focus, not with the page (issue 17):
// a form nobody touched has nothing to say yet.

/**
 * What is wrong with the requested lifetime, in plain words plus the API server's own answer (it
 * would refuse the TokenRequest with exactly that text), or null when it would be accepted.
 */
export function expirationProblem(form: MintForm): string | null {
  const seconds = expirationSecondsOf(form);
  if (Number.isNaN(seconds)) return 'Type a whole number of seconds, like 600 or 3600.';
  const objection = validateExpirationSeconds(seconds);
  if (objection === null) return null;
  if (seconds < MIN_EXPIRATION_SECONDS) {
    return `${seconds} s is too short: the API server mints tokens for at least ${MIN_EXPIRATION_SECONDS} s (10 minutes) and would answer “${objection}”.`;
  }
  if (seconds > MAX_EXPIRATION_SECONDS) {
    return `${seconds} s is too long: the API server would answer “${objection}”.`;
  }
  return 'Type a whole number of seconds, like 600 or 3600.';
}

/** Every problem of the form, in the order of its fields; empty when it can be sent. */
export function mintFormProblems(form: MintForm): MintProblem[] {
  const problems: MintProblem[] = [];
  const namespace = form.namespace.trim();
  const serviceAccount = form.serviceAccount.trim();
  if (!namespace) problems.push({ field: 'namespace', message: 'Enter a namespace.', missing: true });
  const nsProblem = nameProblem('namespace', 'A namespace name', namespace);
  if (nsProblem) problems.push({ field: 'namespace', message: nsProblem });
  if (!serviceAccount)
    problems.push({ field: 'serviceAccount', message: 'Enter a ServiceAccount.', missing: true });
  const saProblem = nameProblem('object', 'A ServiceAccount name', serviceAccount);
  if (saProblem) problems.push({ field: 'serviceAccount', message: saProblem });
  const seconds = expirationProblem(form);
  if (seconds) problems.push({ field: 'seconds', message: seconds });
  if (form.boundKind) {
    const name = form.boundName.trim();
    if (!name) {
      problems.push({
        field: 'boundName',
        message: `Enter the name of the ${form.boundKind} to bind to.`,
        missing: true,
      });
    }
    const bad = nameProblem('object', `A ${form.boundKind} name`, name);
    if (bad) problems.push({ field: 'boundName', message: bad });
  }
  return problems;
}

export type BuiltMint = { ok: true; request: MintRequest } | { ok: false; problems: MintProblem[] };

/**
 * The MintRequest for the form, or the problems to fix first. Names and the lifetime are checked
 * here, in words, so a typo never costs a round trip; what only the API server knows (whether the
 * ServiceAccount or the bound object exists, whether the caller may mint, odd audiences) is left to
 * it, and its own answer is shown.
 */
export function buildMintRequest(form: MintForm): BuiltMint {
  const problems = mintFormProblems(form);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, request: toMintRequest(form) };
}
