import type { ScenarioStep } from '@/lib/contracts/scenario-steps';

// The guided view's rules, kept out of the components so they can be tested without a DOM. What
// only a step's outcome needs (verdicts, timeline badges, "Why denied?" attributes, kubelet's
// rotation) is in scenario-outcome-model.ts, which loads with the step runner, not with the page.

/** How a step's last run compares with what the scenario expects. */
export type Verdict = 'expected' | 'unexpected' | 'waiting' | 'failed';

/** One entry of the presenter's timeline. */
export interface TimelineEvent {
  id: number;
  at: number;
  kind: 'minted' | 'ok' | 'denied' | 'unauthorized' | 'expired' | 'revoked' | 'changed' | 'error';
  /** The big word on the timeline: "minted", "200", "403", "401", "expired", "revoked"… */
  badge: string;
  text: string;
}

/** A 1-based step number from `?step=` or `#step-N`, as a 0-based index; null when absent or invalid. */
export function stepIndexFrom(value: string | null | undefined, count: number): number | null {
  const m = /^(?:#?step-)?(\d{1,3})$/.exec(value ?? '');
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && n <= count ? n - 1 : null;
}

/** The page URL for a step: `?step=N` set, any `#step-N` dropped, other parameters kept. */
export function stepUrl(href: string, index: number): string {
  const url = new URL(href);
  url.searchParams.set('step', String(index + 1));
  if (/^#step-\d+$/.test(url.hash)) url.hash = '';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** What a key press means for navigation, or null when it belongs to a field or has modifiers. */
export function navigationKey(e: {
  key: string;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
  targetTag?: string;
  editable?: boolean;
}): 'next' | 'previous' | null {
  if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.editable) return null;
  if (['INPUT', 'TEXTAREA', 'SELECT'].includes(e.targetTag ?? '')) return null;
  // Presentation clickers send PageDown/PageUp; people use the arrows.
  if (e.key === 'ArrowRight' || e.key === 'PageDown') return 'next';
  if (e.key === 'ArrowLeft' || e.key === 'PageUp') return 'previous';
  return null;
}

/** The tokens a step needs held before it can run. */
export function tokensNeeded(step: ScenarioStep): string[] {
  if (step.do === 'try' || step.do === 'whoami' || step.do === 'wait-expiry' || step.do === 'stale-check')
    return [step.token];
  if (step.do === 'mint' && step.actAs) return [step.actAs];
  return [];
}

/** The index of the step that mints `name` (or names the projected file's token), or -1. */
export function minterStep(steps: readonly ScenarioStep[], name: string): number {
  return steps.findIndex((s) => (s.do === 'mint' || s.do === 'project') && s.as === name);
}

/** The step that gives `name` a fresh token: re-reading the file where there is one, else its minter. */
export function renewStep(steps: readonly ScenarioStep[], name: string): number {
  const reread = steps.findIndex((s) => s.do === 'reread' && s.token === name);
  return reread >= 0 ? reread : minterStep(steps, name);
}

/** Why a step cannot use a token before anything ran: it is not minted yet, and which step mints it. */
export function notMintedText(steps: readonly ScenarioStep[], name: string): string {
  const at = minterStep(steps, name);
  const first = at >= 0 ? ` Run step ${at + 1} first, or use “Run to here”.` : '';
  return `${name} is not minted yet.${first}`;
}
