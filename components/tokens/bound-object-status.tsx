import type { BoundObjects } from './use-bound-objects';
import { countOf, emptyMessage, failureMessage, resourceOf } from './bound-object-model';
import type { MintForm } from './token-form-model';

const noteClass = 'text-xs text-slate-500 dark:text-slate-400';

/** The picker's live status line: loading, how many were listed, nothing there, or why not. */
export function BoundObjectStatus({
  id,
  list,
  form,
  matchCount,
}: {
  id: string;
  list: BoundObjects;
  form: MintForm;
  matchCount: number;
}) {
  const kind = form.boundKind;
  const namespace = form.namespace.trim();
  let text =
    'Bind the token to a Pod, Secret or Node: deleting that object invalidates the token within seconds.';
  let tone = noteClass;
  if (kind && list.status === 'needs-namespace') text = `Enter a namespace to list its ${resourceOf(kind)}.`;
  if (kind && list.status === 'loading') {
    text = `Loading ${resourceOf(kind)}${kind === 'Node' ? '' : ` in namespace ${namespace}`}…`;
  }
  if (kind && list.status === 'error') {
    text = failureMessage(kind, namespace, {
      detail: list.detail,
      status: list.httpStatus,
      hints: list.hints,
    });
    tone = 'text-xs text-red-700 dark:text-red-300';
  }
  if (kind && list.status === 'ready') {
    const where = kind === 'Node' ? 'in the cluster' : `in namespace ${namespace}`;
    if (list.items.length === 0) {
      text = emptyMessage(kind, namespace);
      tone = 'text-xs text-amber-800 dark:text-amber-200';
    } else if (matchCount === 0) {
      text = `No listed ${kind} is named like “${form.boundName.trim()}”: the name is sent as typed.`;
    } else {
      const count = countOf(list.items.length, kind);
      text = `${list.truncated ? `The first ${count}` : count} ${where}. Type to filter, ↓ ↑ to choose, Enter to pick — or type any name.`;
    }
  }
  return (
    <p id={id} role="status" data-testid="bound-object-status" className={tone}>
      {text}
    </p>
  );
}
