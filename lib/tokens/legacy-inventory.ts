/**
 * The cluster's long-lived ServiceAccount credentials, as findings with a remediation each: legacy
 * token Secrets (tokens that never expire) and the pods that mount them, and pods that get a
 * ServiceAccount token mounted without asking for one. Pure: the server gathers the objects
 * (lib/kube/token-inventory.ts), this decides what they mean.
 *
 * Semantics (kube-facts.md §4.9; upstream pkg/serviceaccount/legacy.go,
 * pkg/controller/serviceaccount/legacy_serviceaccount_token_cleaner.go):
 * - the API server labels a legacy token Secret `kubernetes.io/legacy-token-last-used: YYYY-MM-DD`
 *   on the day its token authenticates; tracking started on the date kept in the ConfigMap
 *   kube-system/kube-apiserver-legacy-service-account-token-tracking;
 * - the controller manager's cleaner labels an unused auto-generated token
 *   `kubernetes.io/legacy-token-invalid-since` after --legacy-service-account-token-clean-up-period
 *   (a year by default), and the API server then refuses the token.
 */

/** A legacy token Secret as the inventory sees it (never its data). */
export interface LegacySecret {
  namespace: string;
  name: string;
  serviceAccount: string;
  /** The token controller has written a token into it. */
  populated: boolean;
  createdAt?: string;
  /** YYYY-MM-DD, label kubernetes.io/legacy-token-last-used. */
  lastUsed?: string;
  /** YYYY-MM-DD, label kubernetes.io/legacy-token-invalid-since. */
  invalidSince?: string;
}

/** How a pod reaches a Secret. */
export type SecretUse = 'volume' | 'projected volume' | 'env' | 'envFrom';

/** A pod that references a Secret, and how. */
export interface PodSecretRef {
  namespace: string;
  pod: string;
  serviceAccount: string;
  secret: string;
  uses: SecretUse[];
}

/** A running pod that gets a ServiceAccount token without asking for one. */
export interface AutomountedPod {
  namespace: string;
  pod: string;
  serviceAccount: string;
  /** Where the decision came from: the pod's own field, the ServiceAccount's, or the default (on). */
  decidedBy: 'pod' | 'serviceaccount' | 'default';
}

export type LegacyState = 'invalidated' | 'used' | 'unused-since-tracking' | 'not-tracked' | 'empty';

export interface LegacyFinding {
  secret: LegacySecret;
  state: LegacyState;
  /** Severity for sorting and the badge: a valid token that never expires is high. */
  severity: 'high' | 'medium' | 'low';
  /** One sentence on what the labels say. */
  summary: string;
  /** Pods that mount or read it. */
  pods: PodSecretRef[];
  /** What to do, in order; commands are separate so the page can show them as code. */
  steps: string[];
  commands: string[];
}

/** A ServiceAccount whose running pods get its token without asking for one. */
export interface AutomountedAccount {
  namespace: string;
  serviceAccount: string;
  pods: { name: string; decidedBy: AutomountedPod['decidedBy'] }[];
}

export interface TokenInventory {
  legacy: LegacyFinding[];
  automounted: AutomountedAccount[];
  /** YYYY-MM-DD the API server began tracking legacy token use, when known. */
  trackingSince?: string;
}

/** The `kubectl create token` command that issues an expiring token in place of a legacy Secret. */
export function replacementCommand(namespace: string, serviceAccount: string): string {
  return `kubectl create token ${serviceAccount} --namespace ${namespace} --duration 1h`;
}

const deleteCommand = (s: LegacySecret) => `kubectl delete secret ${s.name} --namespace ${s.namespace}`;

function classify(
  s: LegacySecret,
  trackingSince: string | undefined,
): Pick<LegacyFinding, 'state' | 'summary'> {
  if (s.invalidSince) {
    return {
      state: 'invalidated',
      summary: `Invalidated on ${s.invalidSince}: the API server refuses this token (401). It is deleted after another clean-up period unused.`,
    };
  }
  if (!s.populated) {
    return {
      state: 'empty',
      summary: 'No token was ever written into it; nothing can authenticate with it.',
    };
  }
  if (s.lastUsed) {
    return {
      state: 'used',
      summary: `Valid, never expires, and last used on ${s.lastUsed} (the API server records a use at most once a day).`,
    };
  }
  if (trackingSince) {
    return {
      state: 'unused-since-tracking',
      summary: `Valid and never expires; not used since the API server began tracking on ${trackingSince}.`,
    };
  }
  return {
    state: 'not-tracked',
    summary: 'Valid and never expires; no use recorded (the tracking start date could not be read).',
  };
}

const SEVERITY: Record<LegacyState, LegacyFinding['severity']> = {
  used: 'high',
  'unused-since-tracking': 'high',
  'not-tracked': 'high',
  invalidated: 'low',
  empty: 'low',
};

function remedy(
  s: LegacySecret,
  state: LegacyState,
  pods: PodSecretRef[],
): Pick<LegacyFinding, 'steps' | 'commands'> {
  if (state === 'invalidated' || state === 'empty') {
    return {
      steps: [
        pods.length > 0
          ? 'Pods still reference it: remove the reference from their spec (they cannot authenticate with it), then delete the Secret.'
          : 'Nothing uses it: delete it.',
      ],
      commands: [deleteCommand(s)],
    };
  }
  const steps: string[] = [];
  if (pods.length > 0) {
    steps.push(
      'Replace the mount with a projected serviceAccountToken volume (a token that expires and that the kubelet refreshes), or remove it if the app never calls the API.',
    );
  }
  if (state === 'used' && pods.length === 0) {
    steps.push(
      'It is used, but no pod mounts it: something outside the cluster (CI, a kubeconfig) holds it. Give that client a token that expires, issued by the TokenRequest API:',
    );
  } else if (state !== 'used') {
    steps.push(
      'No use is recorded: it can most likely be deleted. If a client outside the cluster needs it, issue one that expires:',
    );
  } else {
    steps.push('For clients outside the cluster, issue tokens that expire:');
  }
  steps.push('Then delete the Secret: every copy of its token stops working at once.');
  return { steps, commands: [replacementCommand(s.namespace, s.serviceAccount), deleteCommand(s)] };
}

const key = (namespace: string, name: string) => `${namespace}/${name}`;

/** The findings, most urgent first (severity, then most recently used, then name). */
export function tokenInventory(input: {
  secrets: LegacySecret[];
  podRefs: PodSecretRef[];
  automounted: AutomountedPod[];
  trackingSince?: string;
}): TokenInventory {
  const podsBySecret = new Map<string, PodSecretRef[]>();
  for (const r of input.podRefs) {
    const k = key(r.namespace, r.secret);
    podsBySecret.set(k, [...(podsBySecret.get(k) ?? []), r]);
  }
  const rank = { high: 0, medium: 1, low: 2 };
  const legacy = input.secrets
    .map((secret): LegacyFinding => {
      const pods = podsBySecret.get(key(secret.namespace, secret.name)) ?? [];
      const { state, summary } = classify(secret, input.trackingSince);
      return { secret, state, severity: SEVERITY[state], summary, pods, ...remedy(secret, state, pods) };
    })
    .sort(
      (a, b) =>
        rank[a.severity] - rank[b.severity] ||
        (b.secret.lastUsed ?? '').localeCompare(a.secret.lastUsed ?? '') ||
        key(a.secret.namespace, a.secret.name).localeCompare(key(b.secret.namespace, b.secret.name)),
    );
  const accounts = new Map<string, AutomountedAccount>();
  for (const p of input.automounted) {
    const k = key(p.namespace, p.serviceAccount);
    const account = accounts.get(k) ?? { namespace: p.namespace, serviceAccount: p.serviceAccount, pods: [] };
    account.pods.push({ name: p.pod, decidedBy: p.decidedBy });
    accounts.set(k, account);
  }
  const automounted = [...accounts.values()]
    .map((a) => ({ ...a, pods: a.pods.sort((x, y) => x.name.localeCompare(y.name)) }))
    .sort((a, b) => key(a.namespace, a.serviceAccount).localeCompare(key(b.namespace, b.serviceAccount)));
  return input.trackingSince
    ? { legacy, automounted, trackingSince: input.trackingSince }
    : { legacy, automounted };
}

/** Whether a pod gets a ServiceAccount token mounted: its own field wins, then its ServiceAccount's, then on. */
export function automountDecision(
  podField: boolean | undefined,
  serviceAccountField: boolean | undefined,
): { mounted: boolean; decidedBy: AutomountedPod['decidedBy'] } {
  if (podField !== undefined) return { mounted: podField, decidedBy: 'pod' };
  if (serviceAccountField !== undefined) return { mounted: serviceAccountField, decidedBy: 'serviceaccount' };
  return { mounted: true, decidedBy: 'default' };
}
