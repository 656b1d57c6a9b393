'use client';

import { lazy, useId } from 'react';
import { ChunkBoundary } from '@/components/ui/chunk-boundary';
import { inputClass } from '@/components/ui/form-styles';
import { chooseBoundKind, type MintForm, toBoundKind } from './token-form-model';

// Until a kind is chosen the name and UID fields are disabled and there is nothing to list, so the
// list, its combobox, status sentences and UID notes (bound-object-fields.tsx) load when a kind is
// chosen, not with the page: about a quarter of /tokens' own JavaScript (issue 17). The kind select
// starts the download when the pointer or focus reaches it, so the code is there before the choice.
const loadFields = () => import('./token-form-extras');
const BoundObjectFields = lazy(() => loadFields().then((m) => ({ default: m.BoundObjectFields })));
const preloadFields = () => {
  void loadFields().catch(() => undefined);
};

const noteClass = 'text-xs text-slate-500 dark:text-slate-400';

/**
 * The TokenRequest's bound object: a kind, then a Pod, Secret or Node picked from the cluster (an
 * editable combobox that fills name and UID) or a name typed by hand.
 */
export function BoundObjectPicker({
  form,
  onChange,
  nameError,
}: {
  form: MintForm;
  onChange: (patch: Partial<MintForm>) => void;
  /** What is wrong with the typed name, in words (checked by the form before sending). */
  nameError?: string;
}) {
  const id = useId();
  const kind = form.boundKind;
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">Bound object (optional)</legend>
      <div className="grid gap-4 sm:grid-cols-[9rem_minmax(0,1fr)_minmax(0,1fr)]">
        <label className="block text-sm">
          <span className="mb-1 block">Kind</span>
          <select
            className={inputClass}
            value={kind}
            onPointerEnter={preloadFields}
            onFocus={preloadFields}
            onChange={(e) => onChange(chooseBoundKind(form, toBoundKind(e.target.value)))}
          >
            <option value="">Not bound</option>
            <option value="Pod">Pod</option>
            <option value="Secret">Secret</option>
            <option value="Node">Node</option>
          </select>
        </label>
        {kind ? (
          <ChunkBoundary
            what="The bound-object list"
            fallback={<UnboundFields id={id} loading />}
            failureClassName="sm:col-span-2"
          >
            <BoundObjectFields key={kind} id={id} form={form} onChange={onChange} nameError={nameError} />
          </ChunkBoundary>
        ) : (
          <UnboundFields id={id} loading={false} />
        )}
      </div>
    </fieldset>
  );
}

/** The name and UID fields before a kind is chosen (and while the list's code downloads). */
function UnboundFields({ id, loading }: { id: string; loading: boolean }) {
  return (
    <>
      <div className="text-sm">
        <label htmlFor={`${id}-name`} className="mb-1 block">
          Name
        </label>
        <input
          id={`${id}-name`}
          data-field="boundName"
          role="combobox"
          className={`${inputClass} font-mono`}
          value=""
          readOnly
          disabled
          aria-expanded={false}
          aria-describedby={`${id}-status`}
        />
      </div>
      <label className="block text-sm">
        <span className="mb-1 block">UID (optional)</span>
        <input className={`${inputClass} font-mono`} value="" readOnly disabled />
      </label>
      <div className="-mt-2 sm:col-span-3">
        <p id={`${id}-status`} role="status" data-testid="bound-object-status" className={noteClass}>
          {loading
            ? 'Loading the list…'
            : 'Bind the token to a Pod, Secret or Node: deleting that object invalidates the token within seconds.'}
        </p>
      </div>
    </>
  );
}
