'use client';

import Link from '@/components/ui/cluster-link';
import { useEffect } from 'react';
import type { GuidedStep, ScenarioStaleUses } from '@/lib/contracts/scenarios-api';
import type { MintedToken, TryResult } from '@/lib/contracts/tokens';
import { humanSeconds } from '@/lib/tokens/stale-tokens';
import { TryResultView } from '@/components/tokens/try-result';
import { staleSectionHref } from './stale-check-model';

const time = (iso: string) => new Date(iso).toLocaleTimeString();

/** How long after warnafter the step sends the request again by itself. */
const DUE_MARGIN_MS = 5_000;

/** The command that takes the fast path on the local control plane (see scripts/stale-token.mjs). */
export function fastPathCommand(namespace: string, pod: string): string {
  return `npm run stale-token -- --namespace ${namespace} --pod ${pod}`;
}

/**
 * A stale-check step's result: the app's request, where the held token's refresh point is, what the
 * audit log says about the pod, the fix, and a link to the account on Long-lived tokens.
 */
export function ScenarioStaleCheck({
  step,
  namespace,
  token,
  result,
  uses,
  title,
  waiting,
  onDue,
}: {
  step: Extract<GuidedStep, { do: 'stale-check' }>;
  namespace: string;
  token: MintedToken | undefined;
  result: TryResult;
  uses: ScenarioStaleUses;
  title: string;
  /** The step waits for warnafter: `onDue` runs it again a few seconds after, while the page is open. */
  waiting: boolean;
  onDue: () => void;
}) {
  const warnAfter = token?.warnAfter;
  const found = uses.configured ? uses.use : null;
  useEffect(() => {
    if (!waiting || !warnAfter) return;
    // setTimeout holds at most 2^31-1 ms (about 24 days); a warnafter is an hour away.
    const wait = Math.min(Math.max(Date.parse(warnAfter) - Date.now() + DUE_MARGIN_MS, 0), 2 ** 31 - 1);
    const timer = setTimeout(onDue, wait);
    return () => clearTimeout(timer);
  }, [waiting, warnAfter, onDue]);
  return (
    <div className="space-y-3 text-sm" data-testid="stale-check">
      <TryResultView result={result} title={title} />
      <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium">{step.token}’s refresh point</dt>
        <dd data-testid="stale-check-warnafter">
          {warnAfter ? (
            <>
              warnafter <time dateTime={warnAfter}>{time(warnAfter)}</time> — 3607 s after kubelet asked for
              it
              {token
                ? ` (its exp is ${token.jwtExpiresAt.slice(0, 10)}: the API server extended it, while the TokenRequest status says ${time(token.expirationTimestamp)})`
                : ''}
            </>
          ) : (
            'none: this token is never marked stale'
          )}
        </dd>
        <dt className="font-medium">Audit log</dt>
        <dd
          data-testid="stale-check-audit"
          data-found={found ? 'yes' : 'no'}
          className={
            found ? 'rounded border-l-4 border-amber-500 bg-amber-50 px-2 py-1 dark:bg-amber-950/50' : ''
          }
        >
          {!uses.configured
            ? uses.reason
            : found
              ? `${found.count} ${found.count === 1 ? 'request' : 'requests'} of pod ${uses.pod} annotated authentication.k8s.io/stale-token, the last at ${time(found.lastSeen)}, ${humanSeconds(found.lastSecondsStale)} past the refresh (${found.lastRequest})`
              : `no request of pod ${uses.pod} annotated stale since ${time(uses.since)} (read ${uses.files.join(', ') || 'no file'})`}
        </dd>
      </dl>
      {uses.configured && (
        <p>
          <Link
            href={staleSectionHref(uses.namespace, uses.serviceAccount)}
            className="text-sky-700 underline dark:text-sky-300"
            data-testid="stale-check-link"
          >
            {uses.namespace}/{uses.serviceAccount} on Long-lived tokens → stale tokens
          </Link>
        </p>
      )}
      {step.expect === 'stale' && !found && (
        <div
          className="rounded-md bg-slate-50 px-3 py-2 dark:bg-slate-800/60"
          data-testid="stale-check-fast-path"
        >
          <p className="font-medium">Waiting takes an hour; the fast path takes seconds</p>
          <p className="mt-1">
            The API server marks a request stale only after the token’s warnafter, 3607 s after kubelet asked
            for it, and that cannot be shortened: 3607 s is the exact lifetime that earns the extension. Leave
            this page and come back (Tokenscope keeps your place and the token), or, on the local control
            plane of <span className="font-mono">npm run demo</span>, run this in the repository: it signs
            with the control plane’s own key the token kubelet would have given this pod an hour ago and sends
            the app’s request with it. Then run this step again.
          </p>
          {waiting && warnAfter && (
            <p className="mt-1" data-testid="stale-check-auto">
              While this page stays open, Tokenscope sends the request again by itself at {time(warnAfter)},
              just past warnafter.
            </p>
          )}
          <code className="mt-2 block rounded bg-slate-100 p-2 font-mono text-xs break-all whitespace-pre-wrap dark:bg-slate-900">
            {fastPathCommand(namespace, step.pod)}
          </code>
        </div>
      )}
      {found && (
        <p data-testid="stale-check-fix">
          <span className="font-medium">The fix:</span> read the token file again before each use, or at least
          every few minutes (kubelet rewrites it at 80 % of its lifetime, about 48 minutes for an hour).
          Current client libraries do this themselves from these versions on (Kubernetes documentation, “Bound
          service account token volume”): Go client-go v0.15.7, Python v12.0.0, Java v9.0.0, JavaScript
          v0.10.3. Older clients, and code that reads the file once at start-up, keep the first token.
        </p>
      )}
    </div>
  );
}
