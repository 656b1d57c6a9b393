import Link from '@/components/ui/cluster-link';
import { followsRule, namespaceRule, objectNameRule } from '@/lib/k8s/names';

// The body of the not-found pages. Next gives a not-found.tsx no params: the nested not-found pages
// take the names from the page's path (pagePathNames in lib/server/http/page-caller.ts, set by proxy.ts); which object is
// missing is known from which not-found.tsx rendered this.

export type MissingKind =
  | 'page'
  | 'namespace'
  | 'serviceaccount'
  | 'scenario'
  | 'binding'
  | 'role'
  | 'cluster';

export function missingText(kind: MissingKind, ns: string, name: string) {
  switch (kind) {
    case 'namespace':
      return {
        title: `Namespace ${ns} not found`,
        detail: `The API server has no namespace “${ns}”, so there is no ServiceAccount “${name}” in it either.`,
        back: { href: '/serviceaccounts', label: 'All ServiceAccounts' },
      };
    case 'serviceaccount':
      if (!followsRule(ns, namespaceRule) || !followsRule(name, objectNameRule))
        return {
          title: 'Not a ServiceAccount name',
          detail: !followsRule(ns, namespaceRule)
            ? `“${ns}” cannot be a namespace: it ${namespaceRule.message} (a–z, 0–9 and “-”, at most ${namespaceRule.max} characters).`
            : `“${name}” cannot be a ServiceAccount name: it ${objectNameRule.message} (a–z, 0–9, “-” and “.”, at most ${objectNameRule.max} characters).`,
          back: { href: '/serviceaccounts', label: 'All ServiceAccounts' },
        };
      return {
        title: `ServiceAccount ${ns}/${name} not found`,
        detail: `The API server has no ServiceAccount “${name}” in namespace “${ns}”.`,
        back: {
          href: `/serviceaccounts?namespace=${encodeURIComponent(ns)}`,
          label: `ServiceAccounts in ${ns}`,
        },
      };
    case 'binding': {
      const what = ns === '_cluster' ? `ClusterRoleBinding ${name}` : `RoleBinding ${ns}/${name}`;
      return {
        title: `${what} not found`,
        detail:
          ns === '_cluster'
            ? `The cluster has no ClusterRoleBinding “${name}” (or you may not list ClusterRoleBindings).`
            : `Namespace “${ns}” has no RoleBinding “${name}” (or you may not list RoleBindings).`,
        back: { href: '/rbac', label: 'All bindings' },
      };
    }
    case 'role': {
      const what = ns === '_cluster' ? `ClusterRole ${name}` : `Role ${ns}/${name}`;
      return {
        title: `${what} not found`,
        detail:
          ns === '_cluster'
            ? `The cluster has no ClusterRole “${name}”; bindings that reference it grant nothing.`
            : `Namespace “${ns}” has no Role “${name}”; bindings that reference it grant nothing.`,
        back: { href: '/rbac?dangling=1', label: 'Dangling bindings' },
      };
    }
    case 'cluster':
      // `ns` is the mode ('shared' has no /clusters page), `name` the server's own sentence.
      return {
        title: 'Cluster not found',
        detail: name,
        back:
          ns === 'shared'
            ? { href: '/', label: 'Overview of this Tokenscope’s cluster' }
            : { href: '/clusters', label: 'All clusters of your kubeconfig' },
      };
    case 'scenario':
      return {
        title: `Scenario ${name} not found`,
        detail: `There is no scenario “${name}” (no scenarios/${name}/scenario.yaml).`,
        back: { href: '/scenarios', label: 'All scenarios' },
      };
    default:
      return {
        title: 'Page not found',
        detail: 'Tokenscope has no page at this address.',
        back: { href: '/', label: 'Overview' },
      };
  }
}

/** "X not found", naming the missing object, with the way back. No hooks: the root not-found page
 * renders it on the server, so no script for it loads with every page. */
export function MissingPageView({
  kind,
  ns = '',
  name = '',
}: {
  kind: MissingKind;
  ns?: string;
  name?: string;
}) {
  const { title, detail, back } = missingText(kind, ns, name);
  return (
    <section
      data-testid="not-found"
      data-missing={kind}
      aria-labelledby="not-found-title"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900"
    >
      <p className="font-mono text-sm text-slate-500 dark:text-slate-400">404</p>
      <h1 id="not-found-title" className="text-2xl font-semibold tracking-tight break-words">
        {title}
      </h1>
      <p className="break-words text-slate-700 dark:text-slate-300">{detail}</p>
      <p>
        <Link
          href={back.href}
          className="text-sm text-sky-700 underline hover:no-underline dark:text-sky-300"
        >
          {back.label}
        </Link>
      </p>
    </section>
  );
}
