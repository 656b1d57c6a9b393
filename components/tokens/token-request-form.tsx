'use client';

import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { bringIntoView } from '@/components/ui/bring-into-view';
import type { MintPrefill } from './verifier-panel';
import type { MintedToken } from '@/lib/contracts/tokens';
import { MIN_EXPIRATION_SECONDS } from '@/lib/k8s/token-lifetime';
import { describeError, tokenApi } from '@/lib/client/tokens';
import { BoundObjectPicker } from './bound-object-picker';
import {
  changeTarget,
  expirationPresets,
  fieldMessage,
  initialMintForm,
  type MintField,
  type MintForm,
  toMintRequest,
} from './token-form-model';
import { TokenServiceAccountFields } from './token-sa-fields';
import { FieldError } from '@/components/ui/field-error';
import { subjectOf, tokenHandle } from './token-identity';
import { inputClass, primaryButtonClass } from '@/components/ui/form-styles';

interface Failure {
  detail: string;
  status?: number;
}

type Rules = typeof import('./token-form-extras');

// The form's own checks (names, lifetime) load when the form is first reached by pointer or focus:
// an untouched form has nothing to say. Should they not download, the request is sent as typed and
// the API server's answer is shown, as for everything only it can judge.
// (token-form-extras.ts brings them with the rest the form loads when reached.)
const loadRules = (): Promise<Rules | null> => import('./token-form-extras').catch(() => null);

/**
 * The TokenRequest form: for whom, how long, for which audiences, bound to what, and as whom. Values
 * the API server judges are sent as typed so its own answer (422, 403, a clamp warning) is shown.
 */
export function TokenRequestForm({
  initialNamespace,
  initialServiceAccount,
  dashboardUser,
  shared,
  actors,
  disabled,
  onMinted,
  prefill,
}: {
  initialNamespace?: string;
  initialServiceAccount?: string;
  dashboardUser: string | null;
  /** Shared mode: the default minter is the signed-in user. */
  shared: boolean;
  /** Held tokens that may be used as the caller of the TokenRequest. */
  actors: MintedToken[];
  disabled: boolean;
  onMinted: (token: MintedToken) => void;
  /** "Mint for this verifier": the ServiceAccount and audience to request (applied once per nonce). */
  prefill?: (MintPrefill & { nonce: number }) | null;
}) {
  const id = useId();
  const [form, setForm] = useState<MintForm>(() => initialMintForm(initialNamespace, initialServiceAccount));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  /** A send was tried: empty required fields now say so too. */
  const [tried, setTried] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  const [prefilled, setPrefilled] = useState<string | null>(null);
  const [rules, setRules] = useState<Rules | null>(null);
  const rulesAsked = useRef(false);
  const sending = useRef(false);
  const reach = () => {
    if (rulesAsked.current) return;
    rulesAsked.current = true;
    void loadRules().then((r) => {
      if (r) setRules(r);
      // Not downloaded: the next reach asks again.
      else rulesAsked.current = false;
    });
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the nonce is the trigger; the values come with it.
  useEffect(() => {
    if (!prefill) return;
    setForm((f) => ({
      ...changeTarget(f, { namespace: prefill.namespace, serviceAccount: prefill.serviceAccount }),
      audiences: prefill.audience,
    }));
    setDone(null);
    setFailure(null);
    setPrefilled(
      `Prefilled for ${prefill.verifier}: ${prefill.namespace}/${prefill.serviceAccount}, audience ${prefill.audience || 'the API server’s own'}. Request the token, then verify it.`,
    );
    if (formRef.current) bringIntoView(formRef.current, 'start');
    submitRef.current?.focus({ preventScroll: true });
  }, [prefill?.nonce]);
  const set = (patch: Partial<MintForm>) => setForm((f) => ({ ...f, ...patch }));
  const problems = rules ? rules.mintFormProblems(form) : [];
  const message = (field: MintField) => fieldMessage(problems, field, tried);
  const actAsMissing = form.actAs !== '' && !actors.some((a) => a.id === form.actAs);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (sending.current) return;
    sending.current = true;
    try {
      await send(actAsMissing ? { ...form, actAs: '' } : form);
    } finally {
      sending.current = false;
    }
  }

  async function send(values: MintForm) {
    const checks = rules ?? (await loadRules());
    if (checks && !rules) setRules(checks);
    const built = checks
      ? checks.buildMintRequest(values)
      : ({ ok: true, request: toMintRequest(values) } as const);
    setDone(null);
    if (!built.ok) {
      // Said once, at the field; nothing is sent and no second box repeats it.
      setTried(true);
      setFailure(null);
      const first = built.problems[0]?.field;
      if (first) formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const token = await tokenApi.mint(built.request);
      onMinted(token);
      setPrefilled(null);
      setDone(`Minted a token for ${subjectOf(token)} (${tokenHandle(token)}).`);
    } catch (err) {
      setFailure(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      ref={formRef}
      onSubmit={submit}
      onFocus={reach}
      onPointerEnter={reach}
      aria-labelledby={`${id}-title`}
      className="space-y-4"
      noValidate
    >
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        Request a token
      </h2>
      {prefilled && (
        <p
          role="status"
          data-testid="mint-prefilled"
          className="rounded-md bg-sky-50 p-2 text-sm text-sky-900 [overflow-wrap:anywhere] dark:bg-sky-950/50 dark:text-sky-100"
        >
          {prefilled}
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <TokenServiceAccountFields
          namespace={form.namespace}
          serviceAccount={form.serviceAccount}
          errors={{ namespace: message('namespace'), serviceAccount: message('serviceAccount') }}
          onChange={(patch) => setForm((f) => changeTarget(f, patch))}
        />
      </div>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Expiration (expirationSeconds)</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-2">
          {[...expirationPresets, { id: 'custom' as const, label: 'Custom' }].map((p) => (
            <label key={p.id} className="inline-flex items-center gap-1.5 text-sm">
              <input
                type="radio"
                name={`${id}-exp`}
                value={p.id}
                checked={form.expiration === p.id}
                onChange={() => set({ expiration: p.id })}
              />
              {p.label}
            </label>
          ))}
        </div>
        {form.expiration === 'custom' && (
          <label className="block max-w-xs text-sm">
            <span className="mb-1 block">Seconds</span>
            <input
              className={inputClass}
              inputMode="numeric"
              data-field="seconds"
              value={form.customSeconds}
              onChange={(e) => set({ customSeconds: e.target.value })}
              aria-invalid={message('seconds') ? true : undefined}
              aria-describedby={`${id}-exp-note${message('seconds') ? ` ${id}-exp-error` : ''}`}
            />
          </label>
        )}
        <p id={`${id}-exp-note`} className="text-xs text-slate-500 dark:text-slate-400">
          The API server refuses less than {MIN_EXPIRATION_SECONDS} s (10 minutes) and may shorten long
          requests to its --service-account-max-token-expiration (the card then shows its Warning).
        </p>
        <FieldError id={`${id}-exp-error`} field="seconds" message={message('seconds')} />
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-2">
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Audiences</span>
          <textarea
            className={`${inputClass} font-mono`}
            rows={2}
            value={form.audiences}
            onChange={(e) => set({ audiences: e.target.value })}
            placeholder="empty = the API server’s own audience"
            aria-describedby={`${id}-aud-note`}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit();
            }}
          />
          <span id={`${id}-aud-note`} className="mt-1 block text-xs text-slate-500 dark:text-slate-400">
            Comma- or line-separated. A token for another audience is refused by the API server (401).
          </span>
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Mint as</span>
          <select
            className={inputClass}
            value={actAsMissing ? '' : form.actAs}
            onChange={(e) => set({ actAs: e.target.value })}
          >
            <option value="">
              {shared ? 'You' : 'Dashboard identity'}
              {dashboardUser ? ` (${dashboardUser})` : ''}
            </option>
            {actors.map((t) => (
              <option key={t.id} value={t.id}>
                Held token {tokenHandle(t)} ({subjectOf(t)})
              </option>
            ))}
          </select>
          <span className="mt-1 block text-xs text-slate-500 dark:text-slate-400">
            As a held token the API server decides: it needs create on serviceaccounts/token.
          </span>
        </label>
      </div>

      <BoundObjectPicker form={form} onChange={set} nameError={message('boundName')} />

      <div className="flex flex-wrap items-center gap-3">
        <button
          ref={submitRef}
          type="submit"
          className={primaryButtonClass}
          disabled={disabled}
          aria-disabled={busy}
        >
          {busy ? 'Requesting…' : 'Request token'}
        </button>
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {done}
        </p>
      </div>
      <div role="alert" data-testid="mint-error">
        {failure && (
          <div className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100">
            <p className="font-semibold">
              {failure.status ? `Refused (HTTP ${failure.status})` : 'Not sent'}
            </p>
            <p className="mt-1">{failure.detail}</p>
          </div>
        )}
      </div>
    </form>
  );
}
