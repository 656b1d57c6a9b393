// Zod-free, so "Why denied?" in the browser can label a fix without shipping zod.

/** Label put on every object a scenario applies; teardown deletes only objects carrying it. */
export const SCENARIO_LABEL = 'tokenscope.dev/scenario';

/** Label on the Role/RoleBinding pairs a "Why denied?" fix applied; teardown deletes them too. */
export const GRANT_LABEL = 'tokenscope.dev/grant';

/** The labels a fix carries: the scenario's (so teardown finds it) and the grant marker. */
export function grantLabels(scenario: string): Record<string, string> {
  return { [SCENARIO_LABEL]: scenario, [GRANT_LABEL]: 'true' };
}
