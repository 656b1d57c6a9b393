/** The cluster the page shows, as the root layout tells the header. */
export interface PageCluster {
  /** The kubeconfig context's name. */
  name: string;
  /** Whether it is the kubeconfig's current context (the unprefixed URLs' cluster). */
  current: boolean;
}

/** The switcher button's classes: violet on a cluster other than the kubeconfig's current one. */
export function switcherButtonClass(page: PageCluster): string {
  return `inline-flex max-w-[9.5rem] items-center gap-1.5 rounded-md border px-2 py-1 text-sm sm:max-w-xs ${
    page.current
      ? 'border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800'
      : 'border-violet-400 bg-violet-50 text-violet-950 hover:bg-violet-100 dark:border-violet-500/70 dark:bg-violet-950/60 dark:text-violet-100 dark:hover:bg-violet-900/60'
  }`;
}

/**
 * What the switcher button shows: the page's cluster and a chevron. Shared by the button
 * (cluster-switcher.tsx) and the look-alike the server renders while its code downloads
 * (app-header.tsx), so the header does not move when it arrives.
 */
export function ClusterSwitcherFace({ page, open }: { page: PageCluster; open: boolean }) {
  return (
    <>
      <span className="sr-only">Cluster: </span>
      <span aria-hidden className="hidden text-xs text-slate-500 sm:inline dark:text-slate-400">
        cluster
      </span>
      <span className="truncate font-mono text-xs font-medium" data-testid="cluster-switcher-name">
        {page.name}
      </span>
      <svg
        aria-hidden
        viewBox="0 0 16 16"
        className="h-3.5 w-3.5 shrink-0"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
      >
        <path d={open ? 'M4 10l4-4 4 4' : 'M4 6l4 4 4-4'} />
      </svg>
    </>
  );
}
