import Link from '@/components/ui/cluster-link';
import { currentRbacSection, rbacSections } from './rbac-sections';

/**
 * Tabs between the RBAC area's sections; scrolls sideways on a phone rather than wrapping. A server
 * component, rendered by each RBAC page with its own path: a shared layout is not rendered again
 * when a tab is followed, so marking the current tab there took a client component (reading the
 * path in the browser), a script every RBAC page loaded (0.9 kB compressed, bench "first-load").
 */
export function RbacTabs({ path }: { path: string }) {
  const current = currentRbacSection(path);
  if (rbacSections.length < 2) return null;
  return (
    <nav
      aria-label="RBAC sections"
      className="-mx-1 mb-6 overflow-x-auto border-b border-slate-200 dark:border-slate-800"
    >
      <ul className="flex min-w-max gap-1 px-1 text-sm">
        {rbacSections.map((s) => {
          const active = s.href === current;
          return (
            <li key={s.href}>
              <Link
                href={s.href}
                aria-current={active ? 'page' : undefined}
                className={`-mb-px block border-b-2 px-3 py-2 ${
                  active
                    ? 'border-sky-500 font-semibold text-sky-800 dark:text-sky-200'
                    : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white'
                }`}
              >
                {s.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
