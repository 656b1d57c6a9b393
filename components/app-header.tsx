import Link from 'next/link';
import { SignOutButton } from './sign-out-button';

const links = [
  { href: '/', label: 'Overview' },
  { href: '/tokens', label: 'Tokens' },
  { href: '/scenarios', label: 'Scenarios' },
  { href: '/serviceaccounts', label: 'ServiceAccounts' },
  { href: '/rbac', label: 'RBAC' },
];

/** The top bar: product name, navigation, and who Tokenscope acts as when someone signed in. */
export function AppHeader({ user }: { user?: string }) {
  return (
    <header className="border-b border-slate-200 bg-white/80 backdrop-blur dark:border-slate-800 dark:bg-slate-900/80">
      <nav aria-label="Main" className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-3 w-3 rounded-full bg-sky-500 ring-4 ring-sky-500/20" />
          Tokenscope
        </Link>
        <ul className="flex gap-4 text-sm">
          {links.map((l) => (
            <li key={l.href}>
              <Link href={l.href} className="text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white">
                {l.label}
              </Link>
            </li>
          ))}
        </ul>
        {user && (
          <div className="ml-auto flex items-center gap-3 text-xs">
            <span className="font-mono text-slate-600 dark:text-slate-300" data-testid="signed-in-user">
              {user}
            </span>
            <SignOutButton />
          </div>
        )}
      </nav>
    </header>
  );
}
