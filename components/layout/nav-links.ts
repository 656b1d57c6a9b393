// The main navigation's entries and which one the current page belongs to, testable without a DOM.

export const navLinks = [
  { href: '/', label: 'Overview' },
  { href: '/tokens', label: 'Tokens' },
  { href: '/scenarios', label: 'Scenarios' },
  { href: '/serviceaccounts', label: 'ServiceAccounts' },
  { href: '/rbac', label: 'RBAC' },
] as const;

/** Whether a nav entry is the current section: '/' only on the overview, others on their subpages too. */
export function isActiveLink(href: string, pathname: string | null): boolean {
  if (!pathname) return false;
  if (href === '/') return pathname === '/';
  return pathname === href || pathname.startsWith(`${href}/`);
}
