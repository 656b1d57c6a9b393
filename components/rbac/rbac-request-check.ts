import type { ServedResources } from '@/lib/contracts/discovery';

// Warnings for a who-can question the API server would never see: a verb no resource serves, or a
// resource (or subresource) no API group serves. RBAC rules may still name them (a CRD not installed
// yet, a typo in a Role), so these are warnings next to the answer, not refusals.

/**
 * Verbs that appear in RBAC rules but not in discovery's per-resource verb lists: they are checked
 * by admission or by the API server itself (bind/escalate on roles, impersonate, approve/sign on
 * certificatesigningrequests, attest on clustertrustbundles, use on podsecuritypolicies of old).
 */
const specialVerbs = ['*', 'bind', 'escalate', 'impersonate', 'approve', 'sign', 'attest', 'use'];

const quote = (s: string) => `“${s}”`;

export interface RequestQuestion {
  verb: string;
  group?: string;
  resource: string;
  subresource?: string;
}

/** What discovery does not know about the question, in words; empty when all is served (or unknown). */
export function unknownRequestWarnings(served: ServedResources, q: RequestQuestion): string[] {
  const { resources } = served;
  if (resources.length === 0) return [];
  const warnings: string[] = [];
  const verbs = new Set([...specialVerbs, ...resources.flatMap((r) => r.verbs)]);
  if (!verbs.has(q.verb)) {
    warnings.push(
      `No resource of this API server serves the verb ${quote(q.verb)}; verbs look like ${['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'].join(', ')}.`,
    );
  }
  const group = q.group ?? '';
  if (q.resource === '*' || group === '*') return warnings;
  const groupName = group === '' ? 'the core group' : `API group ${quote(group)}`;
  const inGroup = resources.filter((r) => r.group === group);
  const full = q.subresource ? `${q.resource}/${q.subresource}` : q.resource;
  if (inGroup.length === 0) {
    warnings.push(`This API server serves no ${groupName}.`);
    return warnings;
  }
  if (!inGroup.some((r) => r.name === q.resource)) {
    const elsewhere = [...new Set(resources.filter((r) => r.name === q.resource).map((r) => r.group || 'core'))];
    warnings.push(
      `This API server serves no resource ${quote(q.resource)} in ${groupName}${
        elsewhere.length > 0 ? ` (it does in ${elsewhere.map(quote).join(', ')})` : ''
      }.`,
    );
    return warnings;
  }
  if (q.subresource && q.subresource !== '*' && !inGroup.some((r) => r.name === full)) {
    warnings.push(`${quote(q.resource)} has no subresource ${quote(q.subresource)} on this API server.`);
  }
  return warnings;
}
