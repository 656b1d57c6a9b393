import type { ScenarioStaleUses } from '@/lib/contracts/scenarios-api';
import type { Verdict } from './scenario-model';

/** How a stale-check step came out, in plain words; pure so the wording is tested. */
export interface StaleCheckReading {
  verdict: Verdict;
  text: string;
}

/** "59 min", "1 h 0 min", "12 s": a duration in milliseconds, rounded down. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/**
 * Reads a stale-check step: the pod's stale-token uses from the audit log against what the step
 * expects and where the held token's `warnafter` is. Expecting stale: found → expected; none yet and
 * warnafter ahead → waiting (the API server only annotates after it); none past warnafter →
 * unexpected. Expecting fresh: none → expected, any → unexpected.
 */
export function readStaleCheck(
  expect: 'stale' | 'fresh',
  uses: ScenarioStaleUses,
  warnAfter: number | undefined,
  now: number,
): StaleCheckReading {
  if (!uses.configured) {
    return {
      verdict: 'failed',
      text: `The audit log cannot be read, so stale tokens cannot be seen. ${uses.reason}`,
    };
  }
  const who = `pod ${uses.pod}`;
  if (uses.use) {
    const n = uses.use.count;
    const found = `The API server marked ${n} ${n === 1 ? 'request' : 'requests'} of ${who} stale (authentication.k8s.io/stale-token)`;
    return expect === 'stale'
      ? { verdict: 'expected', text: `${found}, as expected: the app still sends the token it read once.` }
      : {
          verdict: 'unexpected',
          text: `${found}; the scenario expects none from an app that re-reads its file.`,
        };
  }
  if (expect === 'fresh') {
    return {
      verdict: 'expected',
      text: `No request of ${who} is marked stale: it re-reads the file, as expected.`,
    };
  }
  if (warnAfter === undefined) {
    return {
      verdict: 'unexpected',
      text: 'The token has no warnafter claim, so the API server never marks it stale: it grants the extension only to pod-bound tokens asked for exactly 3607 s with its own audience.',
    };
  }
  if (now < warnAfter) {
    return {
      verdict: 'waiting',
      text: `Not stale yet: the token's refresh point (warnafter) is in ${shortDuration(warnAfter - now)}. The API server marks the app's requests from then on; send it again then, or take the fast path below.`,
    };
  }
  return {
    verdict: 'unexpected',
    text: `Past the token's warnafter by ${shortDuration(now - warnAfter)}, yet no request of ${who} is marked stale in the audit log since ${uses.since}.`,
  };
}

/** Long-lived tokens, its stale-token section narrowed to one ServiceAccount. */
export function staleSectionHref(namespace: string, serviceAccount: string): string {
  return `/tokens/legacy?${new URLSearchParams({ account: `${namespace}/${serviceAccount}` })}#stale-heading`;
}
