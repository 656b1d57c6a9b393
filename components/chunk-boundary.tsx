'use client';

import { Component, type ReactNode } from 'react';
import { describeRegionFailure } from './chunk-boundary-model';
import { primaryButtonClass } from './form-styles';
import { ProblemPanel } from './problem-panel';

interface Props {
  /** What the region shows, as a title's subject: "The held tokens". */
  what: string;
  children: ReactNode;
}

/**
 * Keeps a lazily loaded region's failure inside that region. Without it a chunk that cannot be
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
    if (failure === null) return this.props.children;
    return (
      <ProblemPanel
        title={`${this.props.what} could not be shown`}
        detail={failure}
        hints={['The rest of this page still works.', 'Reloading fetches the current version of the page.']}
      >
        <button
          type="button"
          className={`mt-4 ${primaryButtonClass}`}
          onClick={() => window.location.reload()}
        >
          Reload page
        </button>
      </ProblemPanel>
    );
  }
}
