// The RBAC area's sections, shown as tabs above every /rbac page. One line per section; the first
// whose href matches the current path (longest first) is marked current. Each page renders the
// tabs itself, <RbacTabs path="/rbac/…" /> (rbac-tabs.tsx: a server component, so no RBAC page
// loads a script for them).

export const rbacSections: readonly { href: string; label: string }[] = [
  { href: '/rbac', label: 'Bindings' },
  { href: '/rbac/who-can', label: 'Who can' },
  { href: '/rbac/risk', label: 'Risk' },
  { href: '/rbac/graph', label: 'Graph' },
  { href: '/rbac/diff', label: 'Diff' },
  { href: '/rbac/least-privilege', label: 'Least privilege' },
];

/** The section the path belongs to: the longest href that is the path or one of its parents. */
export function currentRbacSection(pathname: string | null): string | undefined {
  if (!pathname) return undefined;
  return [...rbacSections]
    .sort((a, b) => b.href.length - a.href.length)
    .find((s) => pathname === s.href || pathname.startsWith(`${s.href}/`))?.href;
}
