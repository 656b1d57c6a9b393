import type { ReactNode } from 'react';
import { CodeText } from './code-text';
import { problemPanelClass } from './form-styles';

/**
 * An error that says what failed, what was tried and what to do; never a dead end. `Backticked`
 * names and commands in the detail and hints are shown as code.
 */
export function ProblemPanel({
  title,
  detail,
  hints = [],
  children,
}: {
  title: string;
  detail: string;
  hints?: string[];
  children?: ReactNode;
}) {
  return (
    <section role="alert" data-testid="problem-panel" className={problemPanelClass}>
      <h2 className="text-lg font-semibold">{title}</h2>
      <p className="mt-1 break-words">
        <CodeText text={detail} />
      </p>
      {hints.length > 0 && (
        <ul className="mt-3 list-disc space-y-1 pl-5 text-sm">
          {hints.map((h) => (
            <li key={h} className="break-words">
              <CodeText text={h} />
            </li>
          ))}
        </ul>
      )}
      {children}
    </section>
  );
}
