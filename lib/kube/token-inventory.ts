import 'server-only';
import type { V1Container, V1EphemeralContainer, V1Pod, V1Secret } from '@kubernetes/client-node';
import { AppError } from '@/lib/contracts/errors';
import { env } from '@/lib/server/env';
import {
  type AutomountedPod,
  automountDecision,
  type LegacySecret,
  type PodSecretRef,
  type SecretUse,
  type TokenInventory,
  tokenInventory,
} from '@/lib/tokens/legacy-inventory';
import type { KubeClients } from './clients';
import { kubeCall } from './errors';
import { eachPage, type ListPage } from './paging';
import {
  dashboardReadsSecretsIn,
  INVALID_SINCE_LABEL,
  LAST_USED_LABEL,
  LEGACY_TOKEN_TYPE,
  SERVICE_ACCOUNT_NAME_ANNOTATION,
} from './secrets';

/** Where the API server keeps the day it began tracking legacy token use (pkg/serviceaccount/legacy.go). */
const TRACKING_CONFIGMAP = {
  namespace: 'kube-system',
  name: 'kube-apiserver-legacy-service-account-token-tracking',
};

const PAGE = 500;

/** What the page shows: the findings, and what could not be read (never an error for the whole page). */
export interface TokenInventoryRead extends TokenInventory {
  /** Plain sentences on what was not read and why (no right to list Secrets, pods, …). */
  unreadable: string[];
  /** `namespace/name` of every ServiceAccount the caller could list (the audit log is shown for these only). */
  visibleServiceAccounts: Set<string>;
}

/** Drops everything but what the inventory needs: a Secret's data never leaves this function. */
function toLegacySecret(s: V1Secret): LegacySecret {
  const labels = s.metadata?.labels ?? {};
  const out: LegacySecret = {
    namespace: s.metadata?.namespace ?? '',
    name: s.metadata?.name ?? '',
    serviceAccount: s.metadata?.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION] ?? '',
    populated: Boolean(s.data?.token),
  };
  if (s.metadata?.creationTimestamp) out.createdAt = new Date(s.metadata.creationTimestamp).toISOString();
  if (labels[LAST_USED_LABEL]) out.lastUsed = labels[LAST_USED_LABEL];
  if (labels[INVALID_SINCE_LABEL]) out.invalidSince = labels[INVALID_SINCE_LABEL];
  return out;
}

/** Every Secret a pod references, and how (volumes, projected sources, env, envFrom of every container kind). */
export function podSecretRefs(pod: V1Pod): PodSecretRef[] {
  const uses = new Map<string, Set<SecretUse>>();
  const add = (secret: string | undefined, use: SecretUse) => {
    if (!secret) return;
    uses.set(secret, (uses.get(secret) ?? new Set()).add(use));
  };
  for (const v of pod.spec?.volumes ?? []) {
    add(v.secret?.secretName, 'volume');
    for (const source of v.projected?.sources ?? []) add(source.secret?.name, 'projected volume');
  }
  const containers: (V1Container | V1EphemeralContainer)[] = [
    ...(pod.spec?.initContainers ?? []),
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.ephemeralContainers ?? []),
  ];
  for (const c of containers) {
    for (const e of c.env ?? []) add(e.valueFrom?.secretKeyRef?.name, 'env');
    for (const f of c.envFrom ?? []) add(f.secretRef?.name, 'envFrom');
  }
  const base = {
    namespace: pod.metadata?.namespace ?? '',
    pod: pod.metadata?.name ?? '',
    serviceAccount: pod.spec?.serviceAccountName ?? 'default',
  };
  return [...uses].map(([secret, how]) => ({ ...base, secret, uses: [...how].sort() }));
}

/**
 * Whether the ServiceAccount admission plugin mounted a token the pod did not ask for: it adds a
 * projected volume named kube-api-access-<random> when automounting is on (plugin/pkg/admission/serviceaccount).
 */
function hasAutomountedToken(pod: V1Pod): boolean {
  return (pod.spec?.volumes ?? []).some(
    (v) =>
      v.name.startsWith('kube-api-access-') &&
      (v.projected?.sources ?? []).some((s) => s.serviceAccountToken),
  );
}

const forbidden = (err: unknown): err is AppError => err instanceof AppError && err.code === 'forbidden:kube';

function whoReads(clients: KubeClients): string {
  return clients.identity === 'token' ? 'the identity you signed in with' : "Tokenscope's own identity";
}

async function pages<T>(
  server: string,
  list: (cont: string | undefined) => Promise<ListPage<T>>,
  visit: (item: T) => void,
) {
  await eachPage(server, list, (items) => {
    for (const item of items) visit(item);
  });
}

async function readSecrets(clients: KubeClients, unreadable: string[]): Promise<LegacySecret[]> {
  const out: LegacySecret[] = [];
  const fieldSelector = `type=${LEGACY_TOKEN_TYPE}`;
  const allowed = env().secretNamespaces;
  // The dashboard's own identity reads Secrets only where TOKENSCOPE_SECRET_NAMESPACES says.
  const namespaces = clients.identity === 'token' || allowed === 'all' ? undefined : allowed;
  if (namespaces?.length === 0) {
    unreadable.push(
      'Legacy token Secrets are not read: TOKENSCOPE_SECRET_NAMESPACES is empty, so Tokenscope reads no Secrets as its own identity.',
    );
    return out;
  }
  try {
    if (namespaces === undefined) {
      await pages(
        clients.server,
        (c) => clients.core.listSecretForAllNamespaces({ fieldSelector, limit: PAGE, _continue: c }),
        (s) => out.push(toLegacySecret(s)),
      );
    } else {
      for (const namespace of namespaces.filter((n) => dashboardReadsSecretsIn(n))) {
        await pages(
          clients.server,
          (c) => clients.core.listNamespacedSecret({ namespace, fieldSelector, limit: PAGE, _continue: c }),
          (s) => out.push(toLegacySecret(s)),
        );
      }
      unreadable.push(
        `Legacy token Secrets are read only in ${namespaces.join(', ')} (TOKENSCOPE_SECRET_NAMESPACES); other namespaces are not shown.`,
      );
    }
  } catch (err) {
    if (!forbidden(err)) throw err;
    unreadable.push(
      `Legacy token Secrets are not shown: listing Secrets is forbidden for ${whoReads(clients)} (the API server answered ${err.status}). A list of Secrets carries their contents, so this right is often withheld.`,
    );
  }
  return out;
}

async function readPods(
  clients: KubeClients,
  unreadable: string[],
): Promise<{ refs: PodSecretRef[]; automounted: AutomountedPod[]; serviceAccounts: Set<string> }> {
  const refs: PodSecretRef[] = [];
  const automounted: AutomountedPod[] = [];
  const saAutomount = new Map<string, boolean | undefined>();
  try {
    await pages(
      clients.server,
      (c) => clients.core.listServiceAccountForAllNamespaces({ limit: PAGE, _continue: c }),
      (sa) =>
        saAutomount.set(`${sa.metadata?.namespace}/${sa.metadata?.name}`, sa.automountServiceAccountToken),
    );
    await pages(
      clients.server,
      (c) => clients.core.listPodForAllNamespaces({ limit: PAGE, _continue: c }),
      (pod) => {
        refs.push(...podSecretRefs(pod));
        const phase = pod.status?.phase;
        if (phase === 'Succeeded' || phase === 'Failed' || !hasAutomountedToken(pod)) return;
        const serviceAccount = pod.spec?.serviceAccountName ?? 'default';
        const namespace = pod.metadata?.namespace ?? '';
        const { decidedBy } = automountDecision(
          pod.spec?.automountServiceAccountToken,
          saAutomount.get(`${namespace}/${serviceAccount}`),
        );
        automounted.push({ namespace, pod: pod.metadata?.name ?? '', serviceAccount, decidedBy });
      },
    );
  } catch (err) {
    if (!forbidden(err)) throw err;
    unreadable.push(
      `Pods are not shown: listing pods and ServiceAccounts in every namespace is forbidden for ${whoReads(clients)} (the API server answered ${err.status}), so which pods mount a token is unknown.`,
    );
  }
  return { refs, automounted, serviceAccounts: new Set(saAutomount.keys()) };
}

async function readTrackingSince(clients: KubeClients): Promise<string | undefined> {
  try {
    const cm = await kubeCall(clients.server, () => clients.core.readNamespacedConfigMap(TRACKING_CONFIGMAP));
    return cm.data?.since;
  } catch {
    // Only a nicer sentence depends on it.
    return undefined;
  }
}

/** The cluster's long-lived ServiceAccount credentials, read as the caller. Throws only for outages. */
export async function readTokenInventory(clients: KubeClients): Promise<TokenInventoryRead> {
  const unreadable: string[] = [];
  const [secrets, pods, trackingSince] = await Promise.all([
    readSecrets(clients, unreadable),
    readPods(clients, unreadable),
    readTrackingSince(clients),
  ]);
  const inventory = tokenInventory({
    secrets,
    podRefs: pods.refs,
    automounted: pods.automounted,
    trackingSince,
  });
  return { ...inventory, unreadable, visibleServiceAccounts: pods.serviceAccounts };
}
