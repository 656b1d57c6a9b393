import type { ReactNode } from 'react';

/** One term and its value in a facts grid (`<dl>`): a small caption over a monospace value. */
export function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">{term}</dt>
      <dd className="font-mono text-sm break-all">{children}</dd>
    </div>
  );
}
