'use client';

import { lazy, useCallback, useEffect, useMemo, useState } from 'react';
import type { MintedToken, TokenList } from '@/lib/contracts/tokens';
import { ChunkBoundary } from '@/components/ui/chunk-boundary';
import { ProblemPanel } from '@/components/ui/problem-panel';
import { describeError, tokenApi } from '@/lib/client/tokens';
import type { ProbeState } from './token-countdown';
import { TokenRequestForm } from './token-request-form';
import { isUsable, keepUnchanged, tokenHandle } from './token-identity';
import type { MintPrefill } from './verifier-panel';

// Cards and the compare panel only render once tokens are held, so a first visit does not download
// them (claims explainer, countdowns, try panels: about a third of this page's own JavaScript).
// Each sits in a ChunkBoundary (loading line, and a failed download kept to its region), so the
// forms keep working.
// The session history too (there is one once tokens are held): the three come in one download.
const loadHeld = () => import('./token-held-views');
const TokenCard = lazy(() => loadHeld().then((m) => ({ default: m.TokenCard })));
const TryCompare = lazy(() => loadHeld().then((m) => ({ default: m.TryCompare })));
const TokenHistory = lazy(() => loadHeld().then((m) => ({ default: m.TokenHistory })));
// Likewise the import form (only once opened).
const TokenImportForm = lazy(() =>
  import('./token-form-extras').then((m) => ({ default: m.TokenImportForm })),
);

/** How often the list is refetched, so server-side changes (revoked, forgotten) show up. */
const POLL_MS = 10_000;
/** Clock differences below this are noise (request latency), not worth a note. */
const SKEW_NOTE_MS = 5_000;

const panelClass =
  'rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900';

/** Cards this many or more count only visible countdowns every second (see TokenCountdown). */
const MANY_CARDS = 20;

const newestFirst = (a: MintedToken, b: MintedToken) => Date.parse(b.issuedAt) - Date.parse(a.issuedAt);

/** The token workbench: request or hold tokens, watch them expire, use and compare them. */
export function TokenWorkbench({
  initialNamespace,
  initialServiceAccount,
  shared = false,
}: {
  initialNamespace?: string;
  initialServiceAccount?: string;
  /** Shared mode: minting without a held token acts as the signed-in user, not the dashboard. */
  shared?: boolean;
}) {
  const [list, setList] = useState<TokenList | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [probes, setProbes] = useState<Record<string, ProbeState>>({});
  const [dashboardUser, setDashboardUser] = useState<string | null>(null);
  const [skewMs, setSkewMs] = useState<number | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  // The token just minted or held here: its card is brought into view and marked for a moment.
  const [freshId, setFreshId] = useState<string | null>(null);
  // "Mint for this verifier" from a card: the request form takes these values (nonce: each click counts).
  const [prefill, setPrefill] = useState<(MintPrefill & { nonce: number }) | null>(null);
  const onMintFor = useCallback(
    (p: MintPrefill) => setPrefill((prev) => ({ ...p, nonce: (prev?.nonce ?? 0) + 1 })),
    [],
  );

  const refresh = useCallback(async () => {
    const sentAt = Date.now();
    try {
      const next = await tokenApi.list();
      setSkewMs(Date.parse(next.serverTime) - (sentAt + Date.now()) / 2);
      setList((prev) => {
        if (!prev) return next;
        const tokens = keepUnchanged(prev.tokens, next.tokens);
        const same =
          prev.presenterSafe === next.presenterSafe &&
          prev.readOnly === next.readOnly &&
          tokens.length === prev.tokens.length &&
          tokens.every((t, i) => t === prev.tokens[i]);
        // Nothing changed but serverTime: keep the old list so the page does not re-render at all.
        return same ? prev : { ...next, tokens };
      });
      setLoadError(null);
    } catch (err) {
      setLoadError(describeError(err).detail);
    }
  }, []);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  useEffect(() => {
    tokenApi
      .identity()
      .then((id) => setDashboardUser(id.user.username))
      // The dashboard's name only decorates the "mint as" option; the form works without it.
      .catch(() => setDashboardUser(null));
  }, []);

  const upsert = useCallback((token: MintedToken) => {
    setList((l) => (l ? { ...l, tokens: [token, ...l.tokens.filter((t) => t.id !== token.id)] } : l));
  }, []);

  const hold = useCallback(
    (token: MintedToken) => {
      upsert(token);
      setFreshId(token.id);
    },
    [upsert],
  );

  const onProbe = useCallback(
    async (id: string) => {
      setProbes((p) => ({ ...p, [id]: { busy: true } }));
      try {
        upsert(await tokenApi.probe(id));
        setProbes((p) => ({ ...p, [id]: { busy: false } }));
      } catch (err) {
        setProbes((p) => ({ ...p, [id]: { busy: false, error: describeError(err).detail } }));
      }
    },
    [upsert],
  );

  const onForget = useCallback(
    async (id: string) => {
      setActionError(null);
      try {
        await tokenApi.forget(id);
      } catch (err) {
        setActionError(`Forget failed: ${describeError(err).detail}`);
      }
      await refresh();
    },
    [refresh],
  );

  const tokens = useMemo(() => [...(list?.tokens ?? [])].sort(newestFirst), [list]);
  const handles = useMemo(() => new Map(tokens.map((t) => [t.id, tokenHandle(t)])), [tokens]);
  const shown = tokens.filter((t) => t.status !== 'forgotten');
  const usable = tokens.filter(isUsable);

  if (loadError && !list) {
    return <ProblemPanel title="Tokens could not be loaded" detail={loadError} />;
  }
  if (!list) return <p className="text-sm text-slate-500">Loading tokens…</p>;
  const locked = list.readOnly;

  return (
    <div className="space-y-8">
      {list.presenterSafe && (
        <p className="rounded-md bg-sky-50 p-3 text-sm text-sky-900 dark:bg-sky-950/50 dark:text-sky-100">
          Presenter-safe mode is on: tokens can be used here but never revealed or copied.
        </p>
      )}
      {locked && (
        <p className="rounded-md bg-slate-100 p-3 text-sm dark:bg-slate-800">
          Read-only mode: minting and holding tokens are turned off.
        </p>
      )}
      {skewMs !== null && Math.abs(skewMs) > SKEW_NOTE_MS && (
        <p
          data-testid="clock-skew"
          className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-100"
        >
          This browser’s clock is {Math.round(Math.abs(skewMs) / 1000)} s {skewMs > 0 ? 'behind' : 'ahead of'}{' '}
          the server’s. Countdowns follow the browser; the probes show what the API server really answers.
        </p>
      )}

      <section className={panelClass}>
        <TokenRequestForm
          initialNamespace={initialNamespace}
          initialServiceAccount={initialServiceAccount}
          dashboardUser={dashboardUser}
          shared={shared}
          actors={usable}
          disabled={locked}
          onMinted={hold}
          prefill={prefill}
        />
        <details
          className="mt-6 border-t border-slate-200 pt-4 dark:border-slate-800"
          onToggle={(e) => setImportOpen(e.currentTarget.open)}
        >
          <summary className="cursor-pointer text-sm font-medium">Hold a token you already have</summary>
          <div className="mt-3">
            {importOpen && (
              <ChunkBoundary what="The import form">
                <TokenImportForm disabled={locked} onHeld={hold} />
              </ChunkBoundary>
            )}
          </div>
        </details>
      </section>

      {usable.length > 0 && (
        <ChunkBoundary what="The compare panel">
          <section className={panelClass}>
            <TryCompare tokens={usable} />
          </section>
        </ChunkBoundary>
      )}

      <section aria-labelledby="held-heading" className="space-y-4">
        <h2 id="held-heading" className="text-lg font-semibold">
          Held tokens ({shown.length})
        </h2>
        {actionError && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {actionError}
          </p>
        )}
        {shown.length === 0 && (
          <p className="text-sm text-slate-500 dark:text-slate-400">
            None yet: request one above. Tokens live only in this server’s memory, for this browser session.
          </p>
        )}
        <ChunkBoundary what="The held tokens" loading="Loading tokens…">
          {shown.map((t) => (
            <TokenCard
              key={t.id}
              token={t}
              presenterSafe={list.presenterSafe}
              minterHandle={t.mintedBy.tokenId ? handles.get(t.mintedBy.tokenId) : undefined}
              probe={probes[t.id]}
              onProbe={onProbe}
              onForget={onForget}
              offScreenSaving={shown.length >= MANY_CARDS}
              fresh={t.id === freshId}
              onMintFor={locked ? undefined : onMintFor}
            />
          ))}
        </ChunkBoundary>
      </section>

      <section aria-labelledby="history-heading" className="space-y-3">
        <h2 id="history-heading" className="text-lg font-semibold">
          Session history
        </h2>
        {tokens.length === 0 ? (
          <p className="text-sm text-slate-500 dark:text-slate-400">No tokens in this session yet.</p>
        ) : (
          <ChunkBoundary what="The session history">
            <TokenHistory tokens={tokens} />
          </ChunkBoundary>
        )}
      </section>
    </div>
  );
}
