// The RBAC area's sections, shown as tabs under the page title on every /rbac page. One line per
// section; the first whose href matches the current path (longest first) is marked current.

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
