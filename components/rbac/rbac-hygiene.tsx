import Link from '@/components/ui/cluster-link';
import { HygieneLink } from './hygiene-link';
import { bindingHref } from '@/lib/rbac/bindings';
import type { DanglingBinding, ServiceAccountName } from '@/lib/rbac/hygiene';

/**
 * How many findings of each kind the page lists; the rest are one link away (/rbac?hygiene=all).
 * Listing hundreds here made the page's HTML several times heavier than its rows.
 */
export const HYGIENE_FIRST = 10;

/**
 * "Show all" lists at most this many of each kind: a cluster with tens of thousands of unused
 * ServiceAccounts would otherwise make one page view render (and the server build) all of them.
 */
export const HYGIENE_ALL_MAX = 1_000;

/** The findings of one kind the page lists: the first few, or with `all` every one up to the cap. */
export function hygieneShown<T>(items: readonly T[], all: boolean): readonly T[] {
  return items.slice(0, all ? HYGIENE_ALL_MAX : HYGIENE_FIRST);
}

function Folded<T>({
  items,
  render,
  testId,
  noun,
  all,
}: {
  items: T[];
  render: (item: T) => React.ReactNode;
  testId: string;
  noun: string;
  all: boolean;
}) {
  const shown = hygieneShown(items, all);
  const n = (v: number) => v.toLocaleString('en-US');
  return (
    <div data-testid={testId}>
      <ul className="space-y-1 text-sm">{shown.map(render)}</ul>
      {items.length > HYGIENE_FIRST && (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
          {all ? (
            <>
              {shown.length < items.length
                ? `The first ${n(shown.length)} of ${n(items.length)} are listed (at most ${n(HYGIENE_ALL_MAX)}, so the page stays usable).`
                : `All ${n(items.length)} listed.`}{' '}
              <HygieneLink all={false} testId={`${testId}-fewer`}>
                Show only the first {HYGIENE_FIRST}
              </HygieneLink>
            </>
          ) : (
            <>
              The first {HYGIENE_FIRST} of {n(items.length)}.{' '}
              <HygieneLink all testId={`${testId}-all`}>
                Show all {n(items.length)} {noun}
              </HygieneLink>
            </>
          )}
        </p>
      )}
    </div>
  );
}

/** Hygiene findings: dangling bindings and ServiceAccounts that nothing binds and no pod runs as. */
export function RbacHygiene({
  dangling,
  unused,
  unread,
  all = false,
}: {
  dangling: DanglingBinding[];
  unused?: ServiceAccountName[];
  unread: { what: string; detail: string }[];
  /** List every finding instead of the first HYGIENE_FIRST of each. */
  all?: boolean;
}) {
  return (
    <section aria-labelledby="hygiene-heading" className="space-y-4" data-testid="hygiene">
      <h2 id="hygiene-heading" className="text-lg font-semibold">
        Hygiene
      </h2>
      {unread.map((u) => (
        <p
          key={u.what}
          role="status"
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700/60 dark:bg-amber-950/40 dark:text-amber-100"
        >
          Could not read {u.what} as you ({u.detail}), so findings that need them are left out.
        </p>
      ))}
      <div className="grid gap-6 lg:grid-cols-2">
        <div className="min-w-0 space-y-2">
          <h3 className="font-semibold">
            Dangling bindings{' '}
            <span className="font-normal text-slate-500 dark:text-slate-400">({dangling.length})</span>
          </h3>
          <p className="text-sm text-slate-600 dark:text-slate-300">
            Their role does not exist, or a ServiceAccount they name does not. They grant nothing today, and
            grant it again the moment someone creates an object by that name.
          </p>
          {dangling.length === 0 ? (
            <p className="text-sm text-emerald-800 dark:text-emerald-300">
              None: every binding’s role and ServiceAccounts exist.
            </p>
          ) : (
            <Folded
              items={dangling}
              testId="hygiene-dangling"
              noun="dangling bindings"
              all={all}
              render={(d) => (
                <li key={`${d.kind}/${d.namespace ?? ''}/${d.name}`} className="break-words">
                  <Link
                    prefetch={false}
                    href={bindingHref(d.kind, d.namespace, d.name)}
                    className="font-medium text-sky-700 hover:underline dark:text-sky-300"
                  >
                    {d.namespace ? `${d.namespace}/${d.name}` : d.name}
                  </Link>{' '}
                  <span className="text-xs text-slate-500 dark:text-slate-400">{d.kind}</span>
                  <span className="block text-red-800 dark:text-red-300">{d.reasons.join('; ')}</span>
                </li>
              )}
            />
          )}
        </div>
        <div className="min-w-0 space-y-2">
          <h3 className="font-semibold">
            Unused ServiceAccounts{' '}
            {unused && (
              <span className="font-normal text-slate-500 dark:text-slate-400">({unused.length})</span>
            )}
          </h3>
          <p className="text-sm text-slate-600 dark:text-slate-300">
            No binding names them and no pod runs as them (bindings to their groups, such as{' '}
            <span className="font-mono">system:serviceaccounts</span>, do not count; each namespace’s{' '}
            <span className="font-mono">default</span> account is never listed). Candidates for deletion.
          </p>
          {!unused ? (
            <p className="text-sm text-slate-600 dark:text-slate-300">Not known: see above.</p>
          ) : unused.length === 0 ? (
            <p className="text-sm text-emerald-800 dark:text-emerald-300">None.</p>
          ) : (
            <Folded
              items={unused}
              testId="hygiene-unused"
              noun="unused ServiceAccounts"
              all={all}
              render={(sa) => (
                <li key={`${sa.namespace}/${sa.name}`} className="break-all">
                  <Link
                    prefetch={false}
                    href={`/serviceaccounts/${encodeURIComponent(sa.namespace)}/${encodeURIComponent(sa.name)}`}
                    className="text-sky-700 hover:underline dark:text-sky-300"
                  >
                    {sa.namespace}/{sa.name}
                  </Link>
                </li>
              )}
            />
          )}
        </div>
      </div>
    </section>
  );
}
