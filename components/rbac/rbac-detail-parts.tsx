/** A small coloured state label (exists, missing, not checkable). */
export function StateBadge({ tone, children }: { tone: 'ok' | 'bad' | 'unknown'; children: string }) {
  const tones = {
    ok: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-200',
    bad: 'bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-200',
    unknown: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
  };
  return (
    <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${tones[tone]}`}>
      {children}
    </span>
  );
}

/** Decodes a dynamic route segment; undefined when it is not valid percent-encoding. */
export function segment(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** A namespace segment (or `_cluster`) and an object name as they may appear in these URLs. */
export function validScope(ns: string | undefined, name: string | undefined): boolean {
  if (ns === undefined || name === undefined) return false;
  const nsOk = ns === '_cluster' || /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(ns);
  return (
    nsOk && name.length > 0 && name.length <= 253 && !name.includes('/') && name !== '.' && name !== '..'
  );
}
