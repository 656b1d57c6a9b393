/** A ServiceAccount's page. */
export const saHref = (namespace: string, name: string) =>
  `/serviceaccounts/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;

/** Commands to run, one per line, as code. */
export function Commands({ lines, testId }: { lines: string[]; testId: string }) {
  return (
    <pre
      className="mt-2 overflow-x-auto rounded bg-slate-900 p-2 font-mono text-xs text-slate-100 dark:bg-slate-950 dark:ring-1 dark:ring-slate-700"
      data-testid={testId}
    >
      {lines.map((l) => (
        <code key={l} className="block">
          {l}
        </code>
      ))}
    </pre>
  );
}
