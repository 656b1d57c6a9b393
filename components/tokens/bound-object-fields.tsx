'use client';

import { type KeyboardEvent, useEffect, useState } from 'react';
import type { BoundObjectCandidate } from '@/lib/contracts/bound-objects';
import { ageOf, filterCandidates, moveActive, podMismatch, uidNote } from './bound-object-model';
import { type MintForm, pickBoundObject, typeBoundName } from './token-form-model';
import { BoundObjectStatus } from './bound-object-status';
import { FieldError } from '@/components/ui/field-error';
import { inputClass } from '@/components/ui/form-styles';
import { useBoundObjects } from './use-bound-objects';

const noteClass = 'text-xs text-slate-500 dark:text-slate-400';

/**
 * The bound object's name and UID once a kind is chosen: a Pod, Secret or Node picked from the
 * cluster (an editable combobox that fills name and UID) or a name typed by hand, with the list's
 * status and what the API server does with the UID. Three items of the picker's grid (the kind
 * select is the first, in bound-object-picker.tsx); keyed by kind there, so a new kind starts over.
 */
export function BoundObjectFields({
  id,
  form,
  onChange,
  nameError,
}: {
  /** The picker's id, which the name, list and status ids start with. */
  id: string;
  form: MintForm;
  onChange: (patch: Partial<MintForm>) => void;
  /** What is wrong with the typed name, in words (checked by the form before sending). */
  nameError?: string;
}) {
  const kind = form.boundKind;
  const [reloadKey, setReloadKey] = useState(0);
  const list = useBoundObjects(kind, form.namespace, reloadKey);
  const items = list.status === 'ready' ? list.items : [];
  const matches = filterCandidates(items, form.boundName);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const expanded = open && matches.length > 0;
  const optionId = (i: number) => `${id}-opt-${i}`;
  const picked = items.find((c) => c.uid === form.boundUid && c.name === form.boundName);
  const mismatch = podMismatch(picked, form.serviceAccount);

  useEffect(() => {
    if (active >= 0) document.getElementById(`${id}-opt-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, id]);

  function pick(c: BoundObjectCandidate) {
    onChange(pickBoundObject(c));
    setOpen(false);
    setActive(-1);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) setOpen(true);
      setActive(moveActive(open ? active : -1, e.key, matches.length));
    } else if (e.key === 'Enter' && expanded) {
      // The first Enter picks (or closes the list); only an Enter with the list closed submits.
      e.preventDefault();
      const c = matches[active];
      if (c) pick(c);
      else setOpen(false);
    } else if (e.key === 'Escape' && expanded) {
      e.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  }

  return (
    <>
      <div className="relative text-sm">
        <label htmlFor={`${id}-name`} className="mb-1 block">
          Name
        </label>
        <input
          id={`${id}-name`}
          data-field="boundName"
          role="combobox"
          className={`${inputClass} font-mono`}
          value={form.boundName}
          disabled={!kind}
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={`${id}-list`}
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={`${id}-status ${id}-uid-note${nameError ? ` ${id}-name-error` : ''}`}
          onChange={(e) => {
            onChange(typeBoundName(e.target.value));
            setOpen(true);
            setActive(-1);
          }}
          onClick={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
        <div
          id={`${id}-list`}
          role="listbox"
          aria-label={kind ? `${kind}s` : 'Objects'}
          hidden={!expanded}
          className="absolute z-20 mt-1 max-h-64 w-full min-w-64 overflow-auto rounded-md border border-slate-300 bg-white py-1 shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          {expanded &&
            matches.map((c, i) => (
              <CandidateOption
                key={c.uid || c.name}
                id={optionId(i)}
                candidate={c}
                active={i === active}
                serviceAccount={form.serviceAccount}
                onPick={() => pick(c)}
              />
            ))}
        </div>
        <FieldError id={`${id}-name-error`} field="boundName" message={nameError} />
      </div>
      <label className="block text-sm">
        <span className="mb-1 block">UID (optional)</span>
        <input
          className={`${inputClass} font-mono`}
          value={form.boundUid}
          onChange={(e) => onChange({ boundUid: e.target.value })}
          disabled={!kind}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${id}-uid-note`}
        />
      </label>
      {/* Under the three fields; -mt-2 makes the grid's gap the fieldset's space-y-2. */}
      <div className="-mt-2 space-y-2 sm:col-span-3">
        <div className="flex flex-wrap items-baseline gap-x-3">
          <BoundObjectStatus id={`${id}-status`} list={list} form={form} matchCount={matches.length} />
          {(list.status === 'ready' || list.status === 'error') && (
            <button
              type="button"
              className="text-xs text-sky-700 underline underline-offset-2 hover:text-sky-900 dark:text-sky-400 dark:hover:text-sky-300"
              onClick={() => setReloadKey((k) => k + 1)}
            >
              List again
            </button>
          )}
        </div>
        {kind && (
          <p id={`${id}-uid-note`} className={noteClass}>
            {uidNote(kind, form.boundName, form.boundUid)}
          </p>
        )}
        {mismatch && (
          <p data-testid="bound-pod-mismatch" className="text-sm text-amber-800 dark:text-amber-200">
            {mismatch}
          </p>
        )}
      </div>
    </>
  );
}

function CandidateOption({
  id,
  candidate: c,
  active,
  serviceAccount,
  onPick,
}: {
  id: string;
  candidate: BoundObjectCandidate;
  active: boolean;
  serviceAccount: string;
  onPick: () => void;
}) {
  const other = podMismatch(c, serviceAccount) !== null;
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: keys go to the combobox input, which points here with aria-activedescendant.
    <div
      id={id}
      role="option"
      tabIndex={-1}
      aria-selected={active}
      // mousedown would blur the input and close the list before the click lands.
      onMouseDown={(e) => e.preventDefault()}
      onClick={onPick}
      className={`cursor-pointer px-3 py-1.5 ${active ? 'bg-sky-100 dark:bg-sky-900/60' : 'hover:bg-slate-100 dark:hover:bg-slate-800'}`}
    >
      <span className="block font-mono text-sm break-all">{c.name}</span>
      <span className="block text-xs text-slate-500 dark:text-slate-400">
        uid {c.uid.slice(0, 8)}…{c.createdAt ? ` · ${ageOf(c.createdAt, Date.now())}` : ''}
        {c.serviceAccount && (
          <span className={other ? 'text-amber-700 dark:text-amber-300' : undefined}>
            {' '}
            · runs as {c.serviceAccount}
          </span>
        )}
      </span>
    </div>
  );
}
