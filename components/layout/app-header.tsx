import { AppNav } from './app-nav';
import { SignOutButton } from './sign-out-button';

/** The top bar: product name, navigation, and who Tokenscope acts as when someone signed in. */
export function AppHeader({ user }: { user?: string }) {
  return (
    <header className="border-b border-slate-200 bg-white/80 backdrop-blur dark:border-slate-800 dark:bg-slate-900/80">
      <AppNav
        account={
          user && (
            <>
              <span
                className="min-w-0 font-mono break-all text-slate-600 dark:text-slate-300"
                data-testid="signed-in-user"
              >
                {user}
              </span>
              <SignOutButton />
            </>
          )
        }
      />
    </header>
  );
}
