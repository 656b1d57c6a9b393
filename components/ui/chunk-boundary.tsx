'use client';

import { Component, type ReactNode, Suspense } from 'react';
import { describeRegionFailure } from './chunk-boundary-model';
import { primaryButtonClass, problemPanelClass } from './form-styles';

interface Props {
  /** What the region shows, as a title's subject: "The held tokens". */
  what: string;
  /** What shows while the region's code downloads. */
  loading?: string;
  /** Shows nothing while it downloads instead: for a region the server renders, whose streamed
   * HTML would otherwise carry the loading line for a moment before the region. */
  quiet?: boolean;
  /** Shows this while it downloads instead of the loading line: the region as it looks before it works. */
  fallback?: ReactNode;
  /** Classes of the failure panel's wrapper: where it sits in a grid. */
  failureClassName?: string;
  children: ReactNode;
}

/**
 * A lazily loaded region: a loading line while its code downloads, and its failure kept inside it. Without it a chunk that cannot be
 * downloaded (a redeploy while the tab stays open, a network blip) throws past the Suspense and
 * takes the whole page down, forms included.
 */
export class ChunkBoundary extends Component<Props, { failure: string | null }> {
  override state: { failure: string | null } = { failure: null };

  static getDerivedStateFromError(err: unknown) {
    return { failure: describeRegionFailure(err) };
  }

  override render() {
    const { failure } = this.state;
    if (failure === null) {
      return (
        <Suspense
          fallback={
            this.props.fallback ??
            (this.props.quiet ? null : (
              <p className="text-sm text-slate-500 dark:text-slate-400">{this.props.loading ?? 'Loading…'}</p>
            ))
          }
        >
          {this.props.children}
        </Suspense>
      );
    }
    // ProblemPanel's look, written out: its CodeText (for `backticked` names) is not needed for these
    // sentences, and the panel must not come from a download of its own (issue 17: every page with a
    // lazy region carried both).
    const panel = (
      <section role="alert" data-testid="problem-panel" className={problemPanelClass}>
        <h2 className="text-lg font-semibold">{this.props.what} could not be shown</h2>
        <p className="mt-1 break-words">{failure}</p>
        <ul className="mt-3 list-disc space-y-1 pl-5 text-sm">
          <li>The rest of this page still works.</li>
          <li>Reloading fetches the current version of the page.</li>
        </ul>
        <button
          type="button"
          className={`mt-4 ${primaryButtonClass}`}
          onClick={() => window.location.reload()}
        >
          Reload page
        </button>
      </section>
    );
    return this.props.failureClassName ? <div className={this.props.failureClassName}>{panel}</div> : panel;
  }
}
