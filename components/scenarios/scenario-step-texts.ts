import type { GuidedStep } from '@/lib/contracts/scenarios-api';
import { presenceSummary, type ScenarioObjectState } from '@/lib/contracts/scenario-state';
import type { ScenarioStep } from '@/lib/contracts/scenario-steps';

// A step's words that follow from the scenario alone: its button label, chip title, kind and
// expectation. The guided view's page works them out on the server and hands them over with the
// scenario (StepTexts), so the browser does not carry these rules (issue 17); the stage's "Next"
// label (scenario-stage-model.ts, loaded with a step's result) uses actionLabel too.

/** A step's words, as the page hands them to the guided view. */
export interface StepTexts {
  /** The run button's label. */
  action: string;
  /** The presenter's chip: a few words (the full title stays the chip's accessible name). */
  chip: string;
  /** What kind of step it is, for its heading. */
  kind: string;
  /** The expected answer beside the run button, or null. */
  expect: string | null;
}

/** Every step's words, in step order. */
export function stepTexts(
  steps: readonly GuidedStep[],
  objects: readonly { kind: string; file: string }[],
): StepTexts[] {
  return steps.map((s) => ({
    action: actionLabel(s),
    chip: shortTitle(s, objects),
    kind: kindLabel[s.do],
    expect: expectation(s),
  }));
}

/** The label of a step's action button. */
export function actionLabel(step: ScenarioStep): string {
  switch (step.do) {
    case 'apply':
      return `Apply ${step.manifest}`;
    case 'mint':
      return step.actAs ? `Mint as ${step.actAs}` : 'Mint token';
    case 'try':
      return `Send ${step.request.verb} ${step.request.resource} with ${step.token}`;
    case 'whoami':
      return `Who is ${step.token}?`;
    case 'delete':
      return `Delete ${step.kind} ${step.name}`;
    case 'wait-expiry':
      return `Watch ${step.token} expire`;
    case 'project':
      return 'Play kubelet: write the token file';
    case 'reread':
      return `Read the file again into ${step.token}`;
    case 'stale-check':
      return `Send ${step.request.verb} ${step.request.resource} with ${step.token}, then read the audit log`;
    case 'teardown':
      return 'Tear down';
  }
}

/** What kind of step it is, in a few words, for the step's heading. */
export const kindLabel: Record<GuidedStep['do'], string> = {
  apply: 'apply',
  mint: 'mint a token',
  try: 'use a token',
  whoami: 'who am I',
  delete: 'delete',
  'wait-expiry': 'wait for expiry',
  project: 'projected volume',
  reread: 'read the file again',
  'stale-check': 'stale token in the audit log',
  teardown: 'tear down',
};

/** What the step expects, in words, beside its run button; null when the button says it all. */
export function expectation(step: GuidedStep): string | null {
  if (step.do === 'try') return `Expected answer: ${step.expect}`;
  if (step.do === 'mint') return `Expected answer: ${step.expect}${step.expect === 201 ? ' Created' : ''}`;
  if (step.do === 'stale-check')
    return step.expect === 'stale'
      ? 'Expected: 200, and the request marked authentication.k8s.io/stale-token once the token is past warnafter'
      : 'Expected: 200, and no request of this pod marked stale';
  if (step.do === 'wait-expiry')
    return step.request
      ? 'Expected: the same request answered 401 after exp + 60 s'
      : 'Expected: 401 after exp + 60 s';
  return null;
}

/** The scenario's name for a token without the "Token" ending: viewerToken → viewer. */
function who(name: string): string {
  return name.replace(/Token$/, '') || name;
}

/** "2 ServiceAccounts", "Role + RoleBinding": the kinds a manifest holds, in file order. */
function kindsOf(manifest: string, objects: readonly { kind: string; file: string }[]): string {
  const counts = new Map<string, number>();
  for (const o of objects) if (o.file === manifest) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  if (counts.size === 0) return manifest.replace(/^\d+-/, '').replace(/\.ya?ml$/, '');
  return [...counts].map(([kind, n]) => (n > 1 ? `${n} ${kind}s` : kind)).join(' + ');
}

/** A step chip's few words (the full title stays the chip's accessible name and tooltip). */
export function shortTitle(step: ScenarioStep, objects: readonly { kind: string; file: string }[]): string {
  switch (step.do) {
    case 'apply':
      return kindsOf(step.manifest, objects);
    case 'mint':
      return step.actAs ? `${who(step.actAs)} mints ${who(step.as)}` : `Mint ${who(step.as)}`;
    case 'try':
      return `${who(step.token)}: ${step.request.verb} ${step.request.resource} ${step.expect}`;
    case 'whoami':
      return `Who is ${who(step.token)}`;
    case 'delete':
      return `Delete ${step.kind}`;
    case 'wait-expiry':
      return step.request ? `${who(step.token)} expires: 401` : `${who(step.token)} expires`;
    case 'project':
      return 'kubelet writes the file';
    case 'reread':
      return 'Read the file again';
    case 'stale-check':
      return `${step.pod}: ${step.expect === 'stale' ? 'stale token?' : 'fresh token?'}`;
    case 'teardown':
      return 'Clean up';
  }
}

/**
 * For each step, whether it is an apply step whose manifest's objects are all in the cluster
 * already (with Tokenscope's label): the progress list marks it, the step says so. Worked out by the
 * page from what is in the cluster (rendered again on live changes), so the browser does not carry
 * the presence rules.
 */
export function appliedSteps(
  steps: readonly GuidedStep[],
  cluster: readonly ScenarioObjectState[],
): boolean[] {
  return steps.map(
    (s) =>
      s.do === 'apply' && presenceSummary(cluster.filter((o) => o.file === s.manifest)).state === 'applied',
  );
}
