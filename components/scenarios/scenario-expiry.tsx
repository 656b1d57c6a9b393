'use client';

import type { MintedToken, TryRequest } from '@/lib/contracts/tokens';
import { buttonClass } from '@/components/tokens/token-copy-button';
import { type ProbeState, TokenCountdown } from '@/components/tokens/token-countdown';
import { subjectOf } from '@/components/tokens/token-view';
import { describeTry } from '@/components/tokens/try-command';

/**
 * "Wait for expiry": the token's live countdown. At exp, and again just after the 60 s leeway, the
 * countdown asks the API server with the token itself; the step is complete when it answers 401.
 */
export function ScenarioExpiry({
  name,
  token,
  probe,
  onProbe,
  request,
  onSend,
}: {
  name: string;
  token: MintedToken;
  probe: ProbeState | undefined;
  onProbe: (id: string) => void;
  /** The request sent again once the token is rejected (the seed's "list pods", now 401). */
  request?: TryRequest;
  onSend?: () => void;
}) {
  return (
    <div
      data-testid="expiry-watch"
      data-token-id={token.id}
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <p className="text-sm">
        Watching <strong>{name}</strong> (<span className="font-mono">{subjectOf(token)}</span>). Nothing is
        simulated: at exp and just after the leeway this card uses the token against the API server and shows
        its answer.
      </p>
      <TokenCountdown token={token} probe={probe} onProbe={onProbe} />
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={buttonClass}
          onClick={() => onProbe(token.id)}
          aria-disabled={probe?.busy}
        >
          Ask the API server now
        </button>
        {request && onSend && token.held && (
          <button type="button" className={buttonClass} onClick={onSend} data-testid="watch-send">
            Send {describeTry(request)} with {name} now
          </button>
        )}
      </div>
    </div>
  );
}
