import { AppNav } from './app-nav';
import { ClusterSwitcherFace, type PageCluster, switcherButtonClass } from './cluster-switcher-face';
import { LazyClusterSwitcher } from './cluster-switcher-lazy';
import { SignOutButton } from './sign-out-button';

/**
 * The top bar: product name, the cluster switcher (when there is more than one cluster to look at),
 * navigation, and who Tokenscope acts as when someone signed in.
 * `local`: local mode (the kubeconfig's contexts are the user's, so Clusters is in the nav).
 */
export function AppHeader({
  user,
  local = true,
  cluster,
}: {
  user?: string;
  local?: boolean;
  cluster?: PageCluster;
}) {
  return (
    <header className="relative z-40 border-b border-slate-200 bg-white/80 backdrop-blur dark:border-slate-800 dark:bg-slate-900/80">
      <AppNav
        local={local}
        switcher={
          cluster && (
            <LazyClusterSwitcher
              page={cluster}
              placeholder={
                // The button as it looks closed, until its code is there (no layout shift).
                <div className="relative min-w-0">
                  <button type="button" aria-expanded={false} className={switcherButtonClass(cluster)}>
                    <ClusterSwitcherFace page={cluster} open={false} />
                  </button>
                </div>
              }
            />
          )
        }
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
