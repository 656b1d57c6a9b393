/**
 * The one table of grants Tokenscope will not apply with one click ("Why denied?" → "Apply this fix"):
 * each would hand the grantee a way to a token or identity it does not hold. Pure: the browser shows
 * the same refusal the server gives. The privilege warnings (privileges.ts) describe what a
 * ServiceAccount already holds; this table decides what it must not be given by a click.
 */

/** One requested permission, as a grant would write it (the schema refuses `*`, this table too). */
export interface GrantRequest {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
}

/** Listed verbs, every verb, or every verb that is not a read (get, list, watch). */
type Verbs = readonly string[] | 'any' | 'write';

interface DangerRow {
  /** API groups the row covers, or 'any' when the resource name is telling enough. */
  groups: readonly string[] | 'any';
  resources: readonly string[] | 'any';
  /** null: only the resource itself; 'any': every subresource too. */
  subresources: readonly string[] | null | 'any';
  verbs: Verbs;
  /** Why, completing "<verb> <resource> …". */
  why: string;
}

const RUN_CODE = 'would let the grantee run code as a ServiceAccount';

const READ_VERBS = ['get', 'list', 'watch'];
const CHANGE_VERBS = ['create', 'update', 'patch'];

// Controllers that create pods from a template. Matched in any API group: extensions/v1beta1 served
// deployments once, and CRDs (Argo, Volcano, …) reuse names like "jobs" for things that run pods too.
const WORKLOAD_CONTROLLERS = [
  'deployments',
  'replicasets',
  'statefulsets',
  'daemonsets',
  'jobs',
  'cronjobs',
  'replicationcontrollers',
];

/** Exported for tests: every row, in the order they are checked. */
export const DANGEROUS_GRANTS: readonly DangerRow[] = [
  {
    groups: [''],
    resources: ['serviceaccounts'],
    subresources: ['token'],
    verbs: 'any',
    why: 'would let the grantee mint tokens for another ServiceAccount and act as it',
  },
  {
    groups: 'any',
    resources: 'any',
    subresources: 'any',
    verbs: ['impersonate'],
    why: 'would let the grantee send requests as someone else',
  },
  {
    groups: ['rbac.authorization.k8s.io'],
    resources: 'any',
    subresources: 'any',
    verbs: ['escalate', 'bind'],
    why: 'would let the grantee grant permissions it does not hold',
  },
  {
    groups: [''],
    resources: ['secrets'],
    subresources: null,
    verbs: READ_VERBS,
    why: 'would let the grantee read Secrets, including legacy token Secrets',
  },
  {
    groups: 'any',
    resources: ['pods'],
    subresources: null,
    verbs: ['create'],
    why: `${RUN_CODE}: a new pod may name any ServiceAccount of the namespace and gets its token`,
  },
  {
    groups: 'any',
    resources: ['pods'],
    subresources: null,
    verbs: ['update', 'patch'],
    why: `${RUN_CODE}: changing a running pod’s image runs new code with that pod’s token`,
  },
  {
    groups: [''],
    resources: ['pods'],
    subresources: ['ephemeralcontainers'],
    verbs: 'write',
    why: `${RUN_CODE}: a debug container added to a pod runs with that pod’s token`,
  },
  {
    // Before 1.35 a WebSocket exec or attach needed only "get", so every verb counts.
    groups: [''],
    resources: ['pods'],
    subresources: ['exec', 'attach'],
    verbs: 'any',
    why: `${RUN_CODE}: it runs commands in a pod, or takes over its console, where the pod’s token is mounted`,
  },
  {
    groups: [''],
    resources: ['pods'],
    subresources: ['portforward'],
    verbs: 'any',
    why: `${RUN_CODE}: it opens a pod’s ports, where a debugger or admin endpoint runs with the pod’s token`,
  },
  {
    groups: 'any',
    resources: WORKLOAD_CONTROLLERS,
    subresources: null,
    verbs: CHANGE_VERBS,
    why: `${RUN_CODE}: a pod template may name any ServiceAccount of the namespace, and its pods get that token`,
  },
  {
    // A Role in namespace X covers the Namespace object X itself (its name is the request's namespace).
    groups: [''],
    resources: ['namespaces'],
    subresources: null,
    verbs: ['update', 'patch'],
    why: `${RUN_CODE}: it can lift the namespace’s Pod Security level, opening the way to pods that reach any token on their node`,
  },
];

const WILDCARD_WHY = `${RUN_CODE}: a wildcard (*) covers every verb or resource, including exec and pod creation`;

const isWild = (s: string | undefined) => s?.includes('*') ?? false;

function rowMatches(row: DangerRow, g: GrantRequest): boolean {
  if (row.groups !== 'any' && !row.groups.includes(g.group)) return false;
  if (row.resources !== 'any' && !row.resources.includes(g.resource)) return false;
  if (
    row.subresources === null
      ? g.subresource
      : row.subresources !== 'any' && !row.subresources.includes(g.subresource ?? '')
  ) {
    return false;
  }
  if (row.verbs === 'write') return !READ_VERBS.includes(g.verb);
  return row.verbs === 'any' || row.verbs.includes(g.verb);
}

const label = (g: GrantRequest) => `${g.verb} ${g.resource}${g.subresource ? `/${g.subresource}` : ''}`;

/**
 * Why granting this one request must not be a click, as a plain sentence starting with the request
 * ("patch pods would let the grantee run code as a ServiceAccount: …"), or null when it is safe.
 */
export function dangerousGrant(g: GrantRequest): string | null {
  if ([g.verb, g.group, g.resource, g.subresource].some(isWild)) return `${label(g)} ${WILDCARD_WHY}`;
  const row = DANGEROUS_GRANTS.find((r) => rowMatches(r, g));
  return row ? `${label(g)} ${row.why}` : null;
}
