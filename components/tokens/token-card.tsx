'use client';

import { memo, useEffect, useId, useRef, useState } from 'react';
import { useOutage } from '@/components/layout/outage-store';
import { bringIntoView } from '@/components/ui/bring-into-view';
import { Fact } from '@/components/ui/fact';
import type { MintedToken } from '@/lib/contracts/tokens';
import { NO_JTI } from '@/lib/k8s/claims';
import { TokenClaims } from './token-claims';
import { buttonClass } from './token-copy-button';
import { type ProbeState, TokenCountdown } from './token-countdown';
import { mintedByText } from './token-minted-by';
import { TokenSecret } from './token-secret';
import { clockTime, grantedSummary, type ProbeBoundary, subjectOf, tokenHandle } from './token-view';
import { TryPanel } from './try-panel';
import { type MintPrefill, VerifierPanel } from './verifier-panel';

const statusBadge: Record<MintedToken['status'], string> = {
  valid: 'text-emerald-800 bg-emerald-50 dark:text-emerald-200 dark:bg-emerald-900/40',
  expired: 'text-orange-800 bg-orange-50 dark:text-orange-200 dark:bg-orange-900/40',
  rejected: 'text-red-800 bg-red-50 dark:text-red-200 dark:bg-red-900/40',
  revoked: 'text-red-800 bg-red-50 dark:text-red-200 dark:bg-red-900/40',
  forgotten: 'text-slate-700 bg-slate-100 dark:text-slate-300 dark:bg-slate-800',
};

/** How long a just-minted card stays marked. */
const MARK_MS = 2500;

/** "valid" and "expired" are the API server's answer to come; while it is unreachable, nobody knows it. */
const unknowable = new Set<MintedToken['status']>(['valid', 'expired']);

/**
 * One held token: who it is, how long it lives, what each claim means, and what it can do. Memoized:
 * the list is refetched every few seconds and only cards whose token changed should re-render.
 */
export const TokenCard = memo(function TokenCard({
  token,
  presenterSafe,
  minterHandle,
  probe,
  onProbe,
  onForget,
  offScreenSaving,
  fresh = false,
  onMintFor,
}: {
  token: MintedToken;
  presenterSafe: boolean;
  /** The handle of the held token that minted this one, if any. */
  minterHandle: string | undefined;
  probe: ProbeState | undefined;
  onProbe: (id: string, boundary: ProbeBoundary) => void;
  onForget: (id: string) => Promise<void>;
  offScreenSaving: boolean;
  /** Just minted or held on this page: brought into view, marked for a moment, a larger countdown. */
  fresh?: boolean;
  /** "Mint for this verifier": prefills the request form. */
  onMintFor?: (p: MintPrefill) => void;
}) {
  const headingId = useId();
  const ref = useRef<HTMLElement>(null);
  const [marked, setMarked] = useState(false);
  useEffect(() => {
    if (!fresh || !ref.current) return;
    bringIntoView(ref.current, 'start');
    setMarked(true);
    const done = setTimeout(() => setMarked(false), MARK_MS);
    return () => clearTimeout(done);
  }, [fresh]);
  const unknown = useOutage() && unknowable.has(token.status);
  const [forgetting, setForgetting] = useState(false);
  const [verifierOpen, setVerifierOpen] = useState(false);
  const granted = grantedSummary(token);
  const bound = token.boundObject;
  return (
    <article
      ref={ref}
      aria-labelledby={headingId}
      data-testid="token-card"
      data-token-id={token.id}
      data-service-account={token.serviceAccount}
      data-fresh={fresh || undefined}
      data-marked={marked || undefined}
      // With many cards the browser skips style, layout and paint of those off screen (each card is
      // ~150 layout objects; walking 200 of them every second is most of the page's cost).
      // The mark fades (a box-shadow transition), or just goes for people who ask for reduced motion.
      className={`scroll-mt-4 space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm transition-shadow duration-1000 motion-reduce:transition-none dark:border-slate-800 dark:bg-slate-900 ${marked ? 'ring-4 ring-sky-500' : ''} ${offScreenSaving ? '[content-visibility:auto] [contain-intrinsic-size:auto_56rem]' : ''}`}
    >
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 id={headingId} className="font-mono text-base font-semibold break-all">
            {subjectOf(token)}
          </h3>
          <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-500 dark:text-slate-400">
            <span>{tokenHandle(token)}</span>
            <span
              className={`rounded-full px-2 py-0.5 font-medium ${unknown ? statusBadge.forgotten : statusBadge[token.status]}`}
              data-testid="token-status"
            >
              server: {unknown ? 'unknown' : token.status}
            </span>
            <span>{token.origin}</span>
          </p>
        </div>
        <button
          type="button"
          className={buttonClass}
          aria-disabled={forgetting}
          onClick={async () => {
            if (forgetting) return;
            setForgetting(true);
            await onForget(token.id);
            setForgetting(false);
          }}
        >
          {forgetting ? 'Forgetting…' : 'Forget'}
        </button>
      </header>

      {token.warnings.length > 0 && (
        <div
          role="note"
          data-testid="token-warnings"
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700/60 dark:bg-amber-950/40 dark:text-amber-100"
        >
          <p className="font-semibold">The API server answered with a warning</p>
          <ul className="mt-1 list-disc pl-5">
            {token.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}

      <TokenCountdown
        token={token}
        probe={probe}
        onProbe={onProbe}
        offScreenSaving={offScreenSaving}
        size={fresh ? 'large' : 'normal'}
      />

      <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">
        <Fact term="Namespace">{token.namespace}</Fact>
        <Fact term="ServiceAccount">{token.serviceAccount}</Fact>
        <Fact term="Audiences">{token.audiences.join(', ') || '—'}</Fact>
        <Fact term="Bound object">
          {bound ? `${bound.kind}/${bound.name}${bound.uid ? ` (uid ${bound.uid})` : ''}` : 'none'}
        </Fact>
        <Fact term="jti">{token.jti ?? NO_JTI}</Fact>
        <Fact term="Minted by">{mintedByText(token.mintedBy, minterHandle)}</Fact>
        <Fact term="Issued (iat)">{clockTime(token.issuedAt)}</Fact>
        <Fact term="Expires (exp)">{new Date(token.jwtExpiresAt).toLocaleString('en-GB')}</Fact>
        {token.warnAfter && <Fact term="warnafter">{new Date(token.warnAfter).toLocaleString('en-GB')}</Fact>}
      </dl>
      <p
        data-testid="token-granted"
        className={`text-sm ${granted.clamped ? 'font-semibold text-amber-800 dark:text-amber-200' : 'text-slate-700 dark:text-slate-200'}`}
      >
        Lifetime: {granted.text}
      </p>

      <TokenSecret token={token} presenterSafe={presenterSafe} />
      <TokenClaims token={token} />
      <TryPanel token={token} />
      <details
        data-testid="verifier-panel"
        className="rounded-md border border-slate-200 p-3 dark:border-slate-800"
        onToggle={(e) => setVerifierOpen(e.currentTarget.open)}
      >
        <summary className="cursor-pointer text-sm font-semibold">Verify as an outside verifier</summary>
        {verifierOpen && (
          <div className="mt-3">
            <VerifierPanel token={token} onMintFor={onMintFor} />
          </div>
        )}
      </details>
    </article>
  );
});
