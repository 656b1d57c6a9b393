import type { BoundKind, BoundObjectCandidate } from '@/lib/contracts/bound-objects';
import { resourceOfBoundKind } from '@/lib/k8s/object-refs';

// What the bound-object picker shows, as plain functions: which candidates match what was typed,
// how the arrow keys move through them, and the sentences for empty, failed and unchecked states.

/** The lowercase plural of a kind, as kubectl and RBAC name the resource. */
export const resourceOf = resourceOfBoundKind;

/** "1 secret", "3 pods". */
export function countOf(n: number, kind: BoundKind): string {
  return `${n} ${n === 1 ? kind.toLowerCase() : resourceOf(kind)}`;
}

/** Candidates whose name contains the typed text (case-insensitive); prefix matches first. */
export function filterCandidates(items: BoundObjectCandidate[], typed: string): BoundObjectCandidate[] {
  const q = typed.trim().toLowerCase();
  if (!q) return items;
  const hits = items.filter((c) => c.name.toLowerCase().includes(q));
  return [...hits.filter((c) => c.name.startsWith(q)), ...hits.filter((c) => !c.name.startsWith(q))];
}

/**
 * The option the arrow keys land on: ArrowDown/ArrowUp wrap around, Home/End jump; -1 means none
 * (no options, or a key that does not move).
 */
export function moveActive(active: number, key: string, count: number): number {
  if (count === 0) return -1;
  if (key === 'ArrowDown') return active < 0 || active >= count - 1 ? 0 : active + 1;
  if (key === 'ArrowUp') return active <= 0 ? count - 1 : active - 1;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return Math.min(active, count - 1);
}

/** The empty state: nothing of that kind where the picker looked. */
export function emptyMessage(kind: BoundKind, namespace: string): string {
  if (kind === 'Node') {
    return 'No nodes in this cluster (a control plane without kubelets has none) — create one or choose another kind.';
  }
  return `No ${resourceOf(kind)} in namespace ${namespace} — create one or choose another kind.`;
}

/** Why the list could not be loaded, naming the missing permission for a 403. */
export function failureMessage(
  kind: BoundKind,
  namespace: string,
  failure: { detail: string; status?: number; hints?: string[] },
): string {
  const where = kind === 'Node' ? '' : ` in namespace ${namespace}`;
  // The API server's Status message has no final period; the hint that follows is a new sentence.
  const detail = /[.!?]$/.test(failure.detail.trim()) ? failure.detail.trim() : `${failure.detail.trim()}.`;
  const head = `Could not list ${resourceOf(kind)}${where}${failure.status ? ` (HTTP ${failure.status})` : ''}: ${detail}`;
  if (failure.status === 403) {
    const need =
      failure.hints?.[0] ??
      `Listing needs the list verb on ${resourceOf(kind)}${where}. You can still type the name by hand.`;
    return `${head} ${need}`;
  }
  return `${head} Type the name by hand.`;
}

/** What the API server does with the UID, or without one. */
export function uidNote(kind: BoundKind, name: string, uid: string): string {
  const target = name.trim() ? `${kind} ${name.trim()}` : `the ${kind}`;
  if (uid.trim()) {
    return `The API server refuses the request if ${target} no longer has this UID (deleted and recreated).`;
  }
  return `Without a UID the API server does not check the object’s identity: it binds to whichever ${kind} has this name when you mint.`;
}

/** A warning when a Pod runs as another ServiceAccount than the token's: the API server refuses that. */
export function podMismatch(
  candidate: BoundObjectCandidate | undefined,
  serviceAccount: string,
): string | null {
  const sa = serviceAccount.trim();
  if (candidate?.kind !== 'Pod' || !candidate.serviceAccount || !sa || candidate.serviceAccount === sa)
    return null;
  return `Pod ${candidate.name} runs as ${candidate.serviceAccount}: the API server refuses to bind a token for ${sa} to it.`;
}

/** "3 min ago"-style age of an object, from its creation time. */
export function ageOf(createdAt: string | undefined, now: number): string {
  if (!createdAt) return '';
  const s = Math.max(0, Math.round((now - Date.parse(createdAt)) / 1000));
  if (s < 60) return `${s} s old`;
  if (s < 3600) return `${Math.floor(s / 60)} min old`;
  if (s < 86400) return `${Math.floor(s / 3600)} h old`;
  return `${Math.floor(s / 86400)} d old`;
}
