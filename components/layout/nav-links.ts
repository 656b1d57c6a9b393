// The main navigation's entries and which one the current page belongs to, testable without a DOM.

export const navLinks = [
  { href: '/', label: 'Overview' },
  { href: '/tokens', label: 'Tokens' },
  { href: '/scenarios', label: 'Scenarios' },
  { href: '/serviceaccounts', label: 'ServiceAccounts' },
  { href: '/rbac', label: 'RBAC' },
  { href: '/clusters', label: 'Clusters', localOnly: true },
] as const;

/**
 * The entries shown in a mode: Clusters lists the kubeconfig's contexts, which in shared mode are the
 * operator's (lib/server/clusters.ts), so it is left out there rather than lead to a refusal.
 */
export function visibleNavLinks(local: boolean): readonly { href: string; label: string }[] {
  return navLinks.filter((l) => local || !('localOnly' in l && l.localOnly));
}

/** Whether a nav entry is the current section: '/' only on the overview, others on their subpages too. */
export function isActiveLink(href: string, pathname: string | null): boolean {
  if (!pathname) return false;
  if (href === '/') return pathname === '/';
  return pathname === href || pathname.startsWith(`${href}/`);
}
