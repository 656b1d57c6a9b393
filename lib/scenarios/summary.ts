import type { ScenarioSummary } from '@/lib/contracts/scenarios-api';
import type { Scenario } from './parse';
import { toStepView } from './step-view';

/** What the browser gets about a scenario: its objects, manifests and steps ready to show. */
export function toScenarioSummary(s: Scenario): ScenarioSummary {
  return {
    name: s.name,
    title: s.title,
    summary: s.summary,
    source: s.source,
    namespace: s.namespace,
    objects: s.manifests.flatMap((m) =>
      m.objects.map((o) => ({
        kind: o.kind,
        name: o.metadata.name,
        namespace: o.metadata.namespace,
        file: m.file,
      })),
    ),
    manifests: s.manifests.map((m) => ({ file: m.file, text: m.text })),
    steps: s.steps.map((step) => ({ ...step, ...toStepView(step, s) })),
  };
}
