import type { MintRequest } from '@/lib/contracts/tokens';
import { MIN_EXPIRATION_SECONDS, validateExpirationSeconds } from '@/lib/tokens/lifecycle';

// The request form's state and how it becomes a MintRequest. Values the server judges are only
// hinted here, never blocked, so the presenter sees a real refusal: audiences and bound objects go
// to the API server, and a lifetime outside 600..2^32 s is refused by Tokenscope's own server
// (400 invalid:request, in the API server's words) before any TokenRequest is made.

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
  boundKind: '' | 'Pod' | 'Secret' | 'Node';
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

/** The API server's own objection to the requested lifetime, worded as it would say it, or null. */
export function expirationHint(form: MintForm): string | null {
  const seconds = expirationSecondsOf(form);
  if (Number.isNaN(seconds)) return 'Type a whole number of seconds.';
  return validateExpirationSeconds(seconds);
}

export type BuiltMint = { ok: true; request: MintRequest } | { ok: false; error: string };

/**
 * The MintRequest for the form, or what must be filled in first. Only missing fields block; the
 * form sends what was typed: Tokenscope's server refuses 599 s with a 400 in the API server's
 * words, and the API server judges odd audiences or a bound object that does not exist.
 */
export function buildMintRequest(form: MintForm): BuiltMint {
  const namespace = form.namespace.trim();
  const serviceAccount = form.serviceAccount.trim();
  if (!namespace) return { ok: false, error: 'Enter a namespace.' };
  if (!serviceAccount) return { ok: false, error: 'Enter a ServiceAccount.' };
  const expirationSeconds = expirationSecondsOf(form);
  if (Number.isNaN(expirationSeconds) || expirationSeconds < 1) {
    return { ok: false, error: 'Expiration must be a whole number of seconds.' };
  }
  const request: MintRequest = { namespace, serviceAccount, expirationSeconds };
  const audiences = parseAudiences(form.audiences);
  if (audiences.length > 0) request.audiences = audiences;
  if (form.boundKind) {
    const name = form.boundName.trim();
    if (!name) return { ok: false, error: `Enter the name of the ${form.boundKind} to bind to.` };
    const uid = form.boundUid.trim();
    request.boundObjectRef = { kind: form.boundKind, name, ...(uid ? { uid } : {}) };
  }
  if (form.actAs) request.actAs = form.actAs;
  return { ok: true, request };
}

const boundKinds = ['', 'Pod', 'Secret', 'Node'] as const;

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
export function pickBoundObject(picked: {
  kind: 'Pod' | 'Secret' | 'Node';
  name: string;
  uid: string;
}): BoundPatch {
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
