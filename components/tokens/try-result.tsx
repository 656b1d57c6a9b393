import type { ReviewResult, TryResult, WhoamiResult } from '@/lib/contracts/tokens';
import type { UserInfo } from '@/lib/contracts/identity';
import { TokenCopyButton } from './token-copy-button';
import { statusTone, toneClass } from './token-view';

/** An HTTP status as a colored badge: 200 green, 403 amber, 401 red. */
export function StatusBadge({ status, reason }: { status: number; reason?: string }) {
  return (
    <span
      data-testid="status-badge"
      className={`inline-flex items-center gap-1 rounded-md px-2 py-0.5 font-mono text-sm font-semibold ring-1 ring-inset ${toneClass[statusTone(status)]}`}
    >
      {status}
      {reason ? <span className="font-sans font-medium">{reason}</span> : null}
    </span>
  );
}

/** An HTTP status in figures a room reads from 10 m (presenter mode), colored as StatusBadge is. */
export function StageStatus({ status, testId }: { status: number; testId: string }) {
  return (
    <span
      data-testid={testId}
      data-status={status}
      className={`inline-block rounded-lg px-3 font-mono text-5xl leading-[1.2] font-bold ring-2 ring-inset sm:text-6xl ${toneClass[statusTone(status)]}`}
    >
      {status}
    </span>
  );
}

function CommandLine({ label, text }: { label: string; text: string }) {
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">{label}</span>
        <TokenCopyButton label={`Copy ${label}`} getText={() => text} />
      </div>
      <code className="block rounded bg-slate-100 px-2 py-1 font-mono text-xs break-all dark:bg-slate-800">
        {text}
      </code>
    </div>
  );
}

/** The API server's answer to one request made with a token, plus the same request for a terminal. */
export function TryResultView({ result, title }: { result: TryResult; title: string }) {
  const items = result.items ?? [];
  return (
    <div data-testid="try-result" data-status={result.status} className="space-y-2 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <StatusBadge status={result.status} reason={result.reason} />
        <span className="font-medium">{title}</span>
        {result.itemCount !== undefined && (
          <span data-testid="try-item-count">
            {result.itemCount} item{result.itemCount === 1 ? '' : 's'}
          </span>
        )}
        <span className="text-slate-500 dark:text-slate-400">{Math.round(result.durationMs)} ms</span>
      </p>
      {/* A 2xx message only restates the item count; a refusal's message is the API server's reason. */}
      {result.message &&
        result.message !== result.reason &&
        !(result.status < 300 && result.itemCount !== undefined) && (
          <p className="text-slate-700 dark:text-slate-200">{result.message}</p>
        )}
      {items.length > 0 && (
        <ul aria-label="Items" className="flex flex-wrap gap-1.5">
          {items.slice(0, 12).map((name) => (
            <li key={name} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800">
              {name}
            </li>
          ))}
          {items.length > 12 && <li className="text-xs text-slate-500">and {items.length - 12} more</li>}
        </ul>
      )}
      <CommandLine label="kubectl" text={result.kubectl} />
      <CommandLine label="curl" text={result.curl} />
    </div>
  );
}

function UserView({ user }: { user: UserInfo }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
      <dt className="text-slate-500 dark:text-slate-400">username</dt>
      <dd className="font-mono break-all" data-testid="user-name">
        {user.username}
      </dd>
      {user.uid && (
        <>
          <dt className="text-slate-500 dark:text-slate-400">uid</dt>
          <dd className="font-mono break-all">{user.uid}</dd>
        </>
      )}
      <dt className="text-slate-500 dark:text-slate-400">groups</dt>
      <dd className="font-mono break-all">{user.groups.join(', ') || '—'}</dd>
      {Object.entries(user.extra ?? {}).map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="font-mono text-xs text-slate-500 dark:text-slate-400">{k}</dt>
          <dd className="font-mono text-xs break-all">{v.join(', ')}</dd>
        </div>
      ))}
    </dl>
  );
}

/** SelfSubjectReview made with the token: who the API server thinks the caller is. */
export function WhoamiView({ result }: { result: WhoamiResult }) {
  return (
    <div data-testid="whoami-result" data-status={result.status} className="space-y-2 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <StatusBadge status={result.status} />
        <span className="font-medium">whoami (SelfSubjectReview with this token)</span>
        <span className="text-slate-500 dark:text-slate-400">{Math.round(result.durationMs)} ms</span>
      </p>
      {result.message && <p>{result.message}</p>}
      {result.user && <UserView user={result.user} />}
    </div>
  );
}

/** TokenReview made by the dashboard about the token. */
export function ReviewView({ result }: { result: ReviewResult }) {
  return (
    <div data-testid="review-result" data-authenticated={result.authenticated} className="space-y-2 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <span
          className={`rounded-md px-2 py-0.5 text-sm font-semibold ring-1 ring-inset ${toneClass[result.authenticated ? 'ok' : 'bad']}`}
        >
          {result.authenticated ? 'authenticated' : 'not authenticated'}
        </span>
        <span className="font-medium">TokenReview (asked by the dashboard)</span>
        <span className="text-slate-500 dark:text-slate-400">{Math.round(result.durationMs)} ms</span>
      </p>
      {result.error && <p className="text-red-700 dark:text-red-400">{result.error}</p>}
      {result.audiences && <p>audiences: {result.audiences.join(', ') || '—'}</p>}
      {result.user && <UserView user={result.user} />}
    </div>
  );
}
