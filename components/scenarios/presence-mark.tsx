import type { ObjectPresence } from '@/lib/contracts/scenario-state';

// Apart from scenario-presence.tsx, whose summary chip only the scenario list shows, so the guided
// view does not carry it.

const mark: Record<ObjectPresence, { glyph: string; text: string; className: string }> = {
  applied: { glyph: '●', text: 'in the cluster', className: 'text-emerald-700 dark:text-emerald-400' },
  absent: { glyph: '○', text: 'not in the cluster', className: 'text-slate-500 dark:text-slate-400' },
  foreign: {
    glyph: '◐',
    text: 'exists, not created by this scenario',
    className: 'text-amber-700 dark:text-amber-300',
  },
  unknown: { glyph: '?', text: 'could not be read', className: 'text-slate-500 dark:text-slate-400' },
};

/** One object's presence in the cluster, as a glyph with its words for screen readers and hover. */
export function PresenceMark({ presence }: { presence: ObjectPresence }) {
  const m = mark[presence];
  return (
    <span data-testid="object-presence" data-presence={presence} title={m.text} className={m.className}>
      <span aria-hidden>{m.glyph}</span>
      <span className="sr-only">{m.text}: </span>
    </span>
  );
}
