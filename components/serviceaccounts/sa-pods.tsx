import type { PodTokenMounts } from '@/lib/contracts/serviceaccounts';
import { formatSeconds } from './sa-format';

/** Pods running as a ServiceAccount, with each projected token: where, how long, for whom, when rotated. */
export function SaPods({ pods }: { pods: PodTokenMounts[] }) {
  if (pods.length === 0)
    return <p className="text-sm text-slate-600 dark:text-slate-300">No pod runs as it.</p>;
  return (
    <ul className="space-y-3">
      {pods.map((p) => (
        <li
          key={p.name}
          data-testid="sa-pod"
          data-pod={p.name}
          className="rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900"
        >
          <div className="flex flex-wrap items-baseline gap-3">
            <span className="font-mono font-medium">{p.name}</span>
            <span className="text-xs text-slate-500 dark:text-slate-400">{p.phase}</span>
            {p.automountServiceAccountToken === false && (
              <span className="text-xs text-slate-500 dark:text-slate-400">automount off on the pod</span>
            )}
          </div>
          {p.volumes.length === 0 ? (
            <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
              No projected ServiceAccount token.
            </p>
          ) : (
            <ul className="mt-2 space-y-2">
              {p.volumes.map((v) => (
                <li
                  key={v.name}
                  data-testid="sa-token-volume"
                  className="rounded-md bg-slate-50 p-3 dark:bg-slate-800/60"
                >
                  <div className="flex flex-wrap items-baseline gap-2">
                    <span className="font-mono">{v.name}</span>
                    {v.isDefault && (
                      <span className="rounded-full bg-sky-100 px-2 py-0.5 text-xs text-sky-800 dark:bg-sky-900/40 dark:text-sky-200">
                        default (added by the ServiceAccount admission plugin)
                      </span>
                    )}
                    {v.mounts.map((m) => (
                      <span
                        key={`${m.container}:${m.mountPath}`}
                        className="text-xs text-slate-600 dark:text-slate-400"
                      >
                        {m.container}: <span className="font-mono">{m.mountPath}</span>
                        {m.readOnly ? ' (read-only)' : ''}
                      </span>
                    ))}
                  </div>
                  <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5 text-xs">
                    {v.tokens.map((t) => (
                      <div key={t.path} className="contents">
                        <dt className="text-slate-500 dark:text-slate-400">File</dt>
                        <dd className="font-mono">{t.path}</dd>
                        <dt className="text-slate-500 dark:text-slate-400">Lifetime</dt>
                        <dd data-testid="sa-token-lifetime">
                          {formatSeconds(t.expirationSeconds)}
                          {t.extendedExpiry &&
                            ' — the API server may extend it to one year with a warnafter claim'}
                        </dd>
                        <dt className="text-slate-500 dark:text-slate-400">Audience</dt>
                        <dd className="font-mono">{t.audience ?? 'the API server (default)'}</dd>
                        <dt className="text-slate-500 dark:text-slate-400">kubelet refresh</dt>
                        <dd>
                          after {formatSeconds(t.refreshAfterSeconds)} (80 % of the lifetime, at most 24 h)
                        </dd>
                      </div>
                    ))}
                  </dl>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
