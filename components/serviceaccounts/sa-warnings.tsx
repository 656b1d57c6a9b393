import type { PrivilegeWarningDto } from '@/lib/contracts/rbac';
import { bindingKey, uniqueByBinding } from './sa-format';

/** Permissions that reach beyond the ServiceAccount's own rules, high severity first. */
export function SaWarnings({ warnings }: { warnings: PrivilegeWarningDto[] }) {
  if (warnings.length === 0) return null;
  return (
    <section aria-labelledby="warnings-heading" className="space-y-2">
      <h2 id="warnings-heading" className="text-lg font-semibold">
        Privilege warnings
      </h2>
      <ul className="space-y-2">
        {warnings.map((w) => (
          <li
            key={`${w.code}/${w.namespace ?? ''}`}
            data-testid="sa-warning"
            data-code={w.code}
            className={`rounded-lg border p-3 text-sm ${
              w.severity === 'high'
                ? 'border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100'
                : 'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700/60 dark:bg-amber-950/30 dark:text-amber-100'
            }`}
          >
            <p className="font-semibold">
              <span className="mr-2 rounded bg-white/60 px-1.5 py-0.5 text-xs uppercase dark:bg-black/30">
                {w.severity}
              </span>
              {w.title}
            </p>
            <p className="mt-1">{w.detail}</p>
            <p className="mt-1 text-xs opacity-80">
              Granted by{' '}
              {uniqueByBinding(w.grantedBy).map((g, i) => (
                <span key={bindingKey(g.binding)}>
                  {i > 0 && ', '}
                  <span className="font-mono">{g.binding.name}</span> →{' '}
                  <span className="font-mono">{g.role.name}</span>
                </span>
              ))}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
