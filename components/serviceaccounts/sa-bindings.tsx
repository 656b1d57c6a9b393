import type { ReachingBinding } from '@/lib/contracts/rbac';
import { refLabel, ruleText, scopeLabel } from './sa-format';

function via(b: ReachingBinding): string {
  if (b.via === 'group') return `through group ${b.subject.name}`;
  if (b.via === 'user') return `as user ${b.subject.name}`;
  return b.subject.namespace ? `names it (${b.subject.namespace}/${b.subject.name})` : 'names it';
}

/** The bindings that reach a ServiceAccount, each with its role and that role's rules. */
export function SaBindings({ bindings }: { bindings: ReachingBinding[] }) {
  if (bindings.length === 0)
    return <p className="text-sm text-slate-600 dark:text-slate-300">No binding reaches it.</p>;
  return (
    <ul className="space-y-3" data-testid="sa-bindings">
      {bindings.map((b) => (
        <li
          key={`${b.binding.kind}/${b.binding.namespace ?? ''}/${b.binding.name}`}
          data-testid="sa-binding"
          data-via={b.via}
          className="rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900"
        >
          <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
            <span className="font-mono font-medium">{refLabel(b.binding)}</span>
            <span className="text-slate-500 dark:text-slate-400">→</span>
            <span className="font-mono">{refLabel(b.role)}</span>
            {b.aggregated && (
              <span className="rounded-full bg-violet-100 px-2 py-0.5 text-xs text-violet-800 dark:bg-violet-900/40 dark:text-violet-200">
                aggregated
              </span>
            )}
            {!b.roleFound && (
              <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs text-red-800 dark:bg-red-900/40 dark:text-red-200">
                role not found: grants nothing
              </span>
            )}
          </div>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            {via(b)} · applies{' '}
            {b.namespace === null ? 'cluster-wide and in every namespace' : `in ${scopeLabel(b.namespace)}`}
          </p>
          {b.rules.length > 0 && (
            <ul className="mt-2 space-y-0.5 font-mono text-xs">
              {b.rules.map((r, i) => (
                // Rules have no identity of their own; their position in the role is stable.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above.
                <li key={i}>{ruleText(r)}</li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
