import type { MintRequest } from '@/lib/contracts/tokens';
import { BOUND_KINDS, type BoundKind } from '@/lib/k8s/object-refs';
import { MIN_EXPIRATION_SECONDS } from '@/lib/k8s/token-lifetime';

// The request form's state and how it becomes a MintRequest. What the browser can know is checked
// in token-form-rules.ts and said once, at its field: names must be DNS-1123 names and the lifetime
// within lib/k8s's bounds (the API server's own text is quoted). What only the API server knows
// (does the ServiceAccount exist, may the caller mint, is the bound object there) is sent, and its
// real answer is shown.

export const expirationPresets = [
  { id: '10m', seconds: 600, label: '10 min' },
  { id: '1h', seconds: 3600, label: '1 h' },
  { id: '1d', seconds: 86400, label: '1 day' },
] as const;

export type ExpirationChoice = (typeof expirationPresets)[number]['id'] | 'custom';

export interface MintForm {
  namespace: string;
  serviceAccount: string;
  expiration: ExpirationChoice;
  customSeconds: string;
  audiences: string;
  boundKind: '' | BoundKind;
  boundName: string;
  boundUid: string;
  /** '' = the dashboard identity, else the id of a held token to mint as. */
  actAs: string;
}

/** An empty form, prefilled with namespace and ServiceAccount (from the page's query string). */
export function initialMintForm(namespace = 'default', serviceAccount = ''): MintForm {
  return {
    namespace,
    serviceAccount,
    expiration: '10m',
    customSeconds: String(MIN_EXPIRATION_SECONDS),
    audiences: '',
    boundKind: '',
    boundName: '',
    boundUid: '',
    actAs: '',
  };
}

/** Audiences typed as a comma- or line-separated list, trimmed, empty entries and repeats dropped. */
export function parseAudiences(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((a) => a.trim())
        .filter(Boolean),
    ),
  ];
}

/** The seconds the form asks for, or NaN when the custom field is not a number. */
export function expirationSecondsOf(form: MintForm): number {
  const preset = expirationPresets.find((p) => p.id === form.expiration);
  if (preset) return preset.seconds;
  const text = form.customSeconds.trim();
  return /^\d+$/.test(text) ? Number(text) : Number.NaN;
}

/** A field of the form that can be wrong before anything is sent. */
export type MintField = 'namespace' | 'serviceAccount' | 'seconds' | 'boundName';

/**
 * One thing to fix before sending, said once, at its field. `missing` problems (an empty required
 * field) are only worth showing after a send was tried; the others as soon as they are typed.
 */
export interface MintProblem {
  field: MintField;
  message: string;
  missing?: true;
}

/**
 * The MintRequest the form stands for, as typed: the browser's checks (token-form-rules.ts) come
 * first when they could be downloaded; the API server judges it either way.
 */
export function toMintRequest(form: MintForm): MintRequest {
  const request: MintRequest = {
    namespace: form.namespace.trim(),
    serviceAccount: form.serviceAccount.trim(),
    expirationSeconds: expirationSecondsOf(form),
  };
  const audiences = parseAudiences(form.audiences);
  if (audiences.length > 0) request.audiences = audiences;
  if (form.boundKind) {
    const uid = form.boundUid.trim();
    request.boundObjectRef = { kind: form.boundKind, name: form.boundName.trim(), ...(uid ? { uid } : {}) };
  }
  if (form.actAs) request.actAs = form.actAs;
  return request;
}

/** The message to show at a field: typed mistakes at once, empty required fields once a send was tried. */
export function fieldMessage(problems: MintProblem[], field: MintField, tried: boolean): string | undefined {
  return problems.find((p) => p.field === field && (tried || !p.missing))?.message;
}

const boundKinds = ['', ...BOUND_KINDS] as const;

/** The bound-object kind a select's value stands for ('' = not bound, also for anything unknown). */
export function toBoundKind(value: string): MintForm['boundKind'] {
  return boundKinds.find((k) => k === value) ?? '';
}

type BoundPatch = Pick<MintForm, 'boundKind' | 'boundName' | 'boundUid'>;

/** A new kind drops the name and UID picked for the old one. */
export function chooseBoundKind(form: MintForm, kind: MintForm['boundKind']): BoundPatch {
  if (kind === form.boundKind) return { boundKind: kind, boundName: form.boundName, boundUid: form.boundUid };
  return { boundKind: kind, boundName: '', boundUid: '' };
}

/** A name typed by hand: the UID of an object picked before no longer applies to it. */
export function typeBoundName(name: string): Pick<MintForm, 'boundName' | 'boundUid'> {
  return { boundName: name, boundUid: '' };
}

/** An object picked from the cluster's list: its name and its UID, which the API server then checks. */
export function pickBoundObject(picked: { kind: BoundKind; name: string; uid: string }): BoundPatch {
  return { boundKind: picked.kind, boundName: picked.name, boundUid: picked.uid };
}

/**
 * A new namespace or ServiceAccount for the token. A Pod or Secret picked (with its UID) in another
 * namespace is dropped: it cannot be bound there. A typed name stays, for the API server to judge.
 */
export function changeTarget(
  form: MintForm,
  patch: { namespace?: string; serviceAccount?: string },
): MintForm {
  const next = { ...form, ...patch };
  const moved = patch.namespace !== undefined && patch.namespace.trim() !== form.namespace.trim();
  if (moved && form.boundUid && (form.boundKind === 'Pod' || form.boundKind === 'Secret')) {
    return { ...next, boundName: '', boundUid: '' };
  }
  return next;
}
