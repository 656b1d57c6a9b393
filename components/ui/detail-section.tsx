import type { ReactNode } from 'react';

/** A titled section of a detail page (ServiceAccount, binding, role): heading, optional intro, content. */
export function DetailSection({
  id,
  title,
  intro,
  children,
}: {
  id: string;
  title: string;
  intro?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-3" data-testid={`section-${id}`}>
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {title}
      </h2>
      {intro && <p className="text-sm text-slate-600 dark:text-slate-300">{intro}</p>}
      {children}
    </section>
  );
}
