import type { ScenarioSummary } from '@/lib/contracts/scenarios-api';
import type { GrantAttributes } from '@/lib/rbac/suggest';

/**
 * Why "Apply this fix" is not offered, in the words the server would refuse with, or null when it is:
 * read-only mode, a request or ServiceAccount outside the scenario's namespace, or a grant the
 * dangerous-grant table (lib/rbac/dangerous-grants.ts) refuses.
 */
export function whyNotOneClick(
  scenario: Pick<ScenarioSummary, 'namespace'>,
  sa: { namespace: string },
  attrs: GrantAttributes,
  sensitive: string | null,
  readOnly: boolean,
): string | null {
  if (readOnly) return 'Tokenscope runs read-only.';
  if (attrs.namespace !== scenario.namespace || sa.namespace !== scenario.namespace) {
    return `One-click fixes are applied only inside the scenario’s namespace (${scenario.namespace}).`;
  }
  return sensitive
    ? `Not applied with one click: ${sensitive}. Review the YAML and apply it yourself if you mean it.`
    : null;
}
