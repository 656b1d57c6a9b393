import type { ScenarioStep } from '@/lib/contracts/scenario-steps';
import type { StepOutcome } from './scenario-actions';
import { actionLabel } from './scenario-step-texts';

export { shortTitle } from './scenario-step-texts';

// The presenter's stage: what a step chip says, which tokens a step puts in play, and what the
// "Next" control offers. Plain functions, tested without a DOM.

/** The named tokens a step uses or mints, whose countdowns the stage keeps in view. */
export function tokensInPlay(step: ScenarioStep): string[] {
  switch (step.do) {
    case 'try':
    case 'whoami':
    case 'wait-expiry':
    case 'reread':
    case 'stale-check':
      return [step.token];
    case 'mint':
      return step.actAs ? [step.as, step.actAs] : [step.as];
    case 'project':
      return step.as ? [step.as] : [];
    default:
      return [];
  }
}

/** What the "Next" control after a step offers: move on, and run the next step unless it destroys. */
export interface NextAction {
  index: number;
  /** Runs the next step as it opens; deletions and teardown only open, they need their own click. */
  runs: boolean;
  label: string;
}

/** The "Next" control after step `index`, or null on the last step. */
export function nextAction(steps: readonly ScenarioStep[], index: number): NextAction | null {
  const next = steps[index + 1];
  if (!next) return null;
  const runs = next.do !== 'delete' && next.do !== 'teardown';
  return {
    index: index + 1,
    runs,
    label: runs ? `Next: ${actionLabel(next)}` : `Next step: ${next.title}`,
  };
}

const reasonWords: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  422: 'Unprocessable',
  429: 'Too Many Requests',
};

/** The API server's answer a step's outcome shows on the stage: status, reason and message; null when none. */
export function stageAnswer(o: StepOutcome): { status: number; reason: string; message: string } | null {
  const r = o.result;
  const answer = (status: number, reason: string | undefined, message: string) => ({
    status,
    reason: reason || reasonWords[status] || '',
    message,
  });
  switch (r.kind) {
    case 'try': {
      const { status, reason, message, itemCount } = r.result;
      // A list's 2xx message only restates the count; a refusal's is the API server's reason.
      if (status < 300 && itemCount !== undefined)
        return answer(status, reason, `${itemCount} item${itemCount === 1 ? '' : 's'}`);
      return answer(status, reason, message === reason ? '' : message);
    }
    case 'whoami':
      return answer(r.result.status, undefined, r.result.message);
    case 'watch':
      return r.result ? answer(r.result.status, r.result.reason, r.result.message) : null;
    case 'refused':
      return answer(r.status, undefined, r.detail);
    case 'error':
      return r.status === undefined ? null : answer(r.status, undefined, r.detail);
    case 'minted':
      return answer(201, undefined, '');
    default:
      return null;
  }
}
