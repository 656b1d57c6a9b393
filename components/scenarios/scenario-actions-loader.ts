import { describeRegionFailure } from '@/components/ui/chunk-boundary-model';

// What a step does against the cluster (scenario-actions.ts, with the try-command parser and the
// resource table it needs) is downloaded when the first step runs, not with the guided view: the
// page shows every step before any runs. The run button preloads it (scenario-step.tsx).

type Actions = typeof import('./scenario-actions');
export type LoadedActions = { ok: true; module: Actions } | { ok: false; detail: string };

/** The step actions' module, or why it could not be downloaded (a later call tries again). */
export async function loadActions(): Promise<LoadedActions> {
  try {
    return { ok: true, module: await import('./scenario-actions') };
  } catch (err) {
    return { ok: false, detail: `This step could not run. ${describeRegionFailure(err)} Reload the page.` };
  }
}

/** Starts the download ahead of the first run (pointer or focus on a run button). */
export function preloadActions(): void {
  void loadActions();
}
