import type { LegacyToken } from '@/lib/contracts/serviceaccounts';

/**
 * Legacy, non-expiring token Secrets, with the labels the API server keeps and their replacement;
 * or, without the right to list Secrets there, a plain statement of that.
 */
export function SaLegacyTokens({ tokens, unreadable }: { tokens: LegacyToken[]; unreadable?: string }) {
  if (unreadable) {
    return (
      <p
        data-testid="sa-legacy-unreadable"
        className="rounded-lg border border-slate-300 bg-slate-50 p-4 text-sm text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300"
      >
        {unreadable}
      </p>
    );
  }
  if (tokens.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-300">No legacy token Secret. Good.</p>;
  }
  return (
    <ul className="space-y-3">
      {tokens.map((t) => (
        <li
          key={t.name}
          data-testid="sa-legacy-token"
          className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-700/60 dark:bg-amber-950/30"
        >
          <div className="flex flex-wrap items-baseline gap-3">
            <span className="font-mono font-medium">Secret {t.name}</span>
            <span className="rounded-full bg-amber-200 px-2 py-0.5 text-xs font-medium text-amber-950 dark:bg-amber-800 dark:text-amber-50">
              never expires
            </span>
            {!t.populated && (
              <span className="text-xs text-slate-600 dark:text-slate-400">(no token written yet)</span>
            )}
          </div>
          <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5 text-xs">
            <dt className="text-slate-600 dark:text-slate-400">Last used</dt>
            <dd>{t.lastUsed ?? 'not recorded (label kubernetes.io/legacy-token-last-used)'}</dd>
            <dt className="text-slate-600 dark:text-slate-400">Invalid since</dt>
            <dd>{t.invalidSince ?? 'still valid (label kubernetes.io/legacy-token-invalid-since absent)'}</dd>
          </dl>
          <p className="mt-3 text-xs">Replace it with a token that expires, then delete the Secret:</p>
          <pre className="mt-1 overflow-x-auto rounded bg-slate-900 p-2 font-mono text-xs text-slate-100">
            <code data-testid="sa-replacement">{t.replacement}</code>
            {'\n'}
            <code>{`kubectl delete secret ${t.name} --namespace ${t.namespace}`}</code>
          </pre>
        </li>
      ))}
    </ul>
  );
}
