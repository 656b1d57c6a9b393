// /tokens/legacy against the e2e cluster: a legacy token Secret the API server marked used, the pod
// that mounts it and its remediation, and an account whose pod got a token unasked; reached from the
// token workbench; light and dark at phone, laptop and projector widths.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { expect, test } from './support/fixtures';
import { signServiceAccountToken } from '../test/support/signer';
import { e2eState, kubeGet, kubeRequest } from './support/state';

const ns = `inventory-e2e-${randomBytes(3).toString('hex')}`;

function kubectl(args: string[], input?: string) {
  execFileSync('kubectl', ['--kubeconfig', e2eState().cluster.kubeconfig, ...args], {
    input,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
}

test.beforeAll(() => {
  kubectl(
    ['apply', '-f', '-'],
    `
apiVersion: v1
kind: Namespace
metadata: { name: ${ns} }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: ci-deployer, namespace: ${ns} }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: quiet, namespace: ${ns} }
---
apiVersion: v1
kind: Secret
type: kubernetes.io/service-account-token
metadata:
  name: ci-deployer-token
  namespace: ${ns}
  annotations: { kubernetes.io/service-account.name: ci-deployer }
  labels: { kubernetes.io/legacy-token-last-used: "2026-11-30" }
data: { token: bm90LWEtcmVhbC10b2tlbg== }
---
apiVersion: v1
kind: Pod
metadata: { name: deployer, namespace: ${ns} }
spec:
  serviceAccountName: ci-deployer
  automountServiceAccountToken: false
  volumes: [{ name: tok, secret: { secretName: ci-deployer-token } }]
  containers: [{ name: app, image: registry.invalid/app:1, volumeMounts: [{ name: tok, mountPath: /var/run/tok }] }]
---
apiVersion: v1
kind: Pod
metadata: { name: quiet-1, namespace: ${ns} }
spec:
  serviceAccountName: quiet
  containers: [{ name: app, image: registry.invalid/app:1 }]
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: loud, namespace: ${ns} }
---
apiVersion: v1
kind: Pod
metadata: { name: loud-1, namespace: ${ns} }
spec:
  serviceAccountName: loud
  containers: [{ name: app, image: registry.invalid/app:1 }]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: quiet-views, namespace: ${ns} }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }
subjects: [{ kind: ServiceAccount, name: quiet, namespace: ${ns} }]
`,
  );
});

test.afterAll(() => kubectl(['delete', 'namespace', ns, '--wait=false']));

test('long-lived tokens: legacy Secrets with their pods and remediation, and tokens mounted unasked', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // loud-1's app calls the API server with the token bound to its pod (as kubelet mounts it); its
  // request is denied (no role), but it is a call: the audit log records it under the account.
  const loudPod = await kubeGet(`/api/v1/namespaces/${ns}/pods/loud-1`);
  const podToken = await kubeRequest('POST', `/api/v1/namespaces/${ns}/serviceaccounts/loud/token`, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: {
      expirationSeconds: 3607,
      boundObjectRef: {
        apiVersion: 'v1',
        kind: 'Pod',
        name: 'loud-1',
        uid: (loudPod.body.metadata as { uid: string }).uid,
      },
    },
  });
  expect(podToken.status).toBe(201);
  const bearer = String((podToken.body.status as { token: string }).token);
  expect((await kubeRequest('GET', `/api/v1/namespaces/${ns}/secrets`, undefined, bearer)).status).toBe(403);

  await page.goto('/tokens');
  await page.getByRole('link', { name: 'Long-lived tokens' }).click();
  await expect(page).toHaveURL(/\/tokens\/legacy$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Long-lived tokens' })).toBeVisible();

  const card = page.locator(`[data-testid="legacy-finding"][data-secret="${ns}/ci-deployer-token"]`);
  await expect(card.getByTestId('legacy-state')).toHaveText('valid · in use');
  await expect(card).toContainText('last used on 2026-11-30');
  await expect(card.getByTestId('legacy-pods')).toHaveText('deployer (volume)');
  await expect(card.getByTestId('legacy-commands')).toContainText(
    `kubectl create token ci-deployer --namespace ${ns} --duration 1h`,
  );
  await expect(card.getByTestId('legacy-commands')).toContainText(
    `kubectl delete secret ci-deployer-token --namespace ${ns}`,
  );
  // The Secret's value is never on the page.
  await expect(page.locator('body')).not.toContainText('not-a-real-token');
  await expect(page.locator('body')).not.toContainText('bm90LWEtcmVhbC10b2tlbg');

  const quiet = page.locator(`[data-testid="automount-account"][data-account="${ns}/quiet"]`);
  await expect(quiet).toContainText('1 running pod with its token mounted');
  await expect(quiet).toContainText('quiet-1');
  await expect(quiet.getByTestId('automount-command')).toHaveText(
    `kubectl patch serviceaccount quiet --namespace ${ns} -p '{"automountServiceAccountToken": false}'`,
  );
  // From the audit log: quiet's pod never called the API (remediation shown); loud's did (none).
  await expect(quiet).toHaveAttribute('data-use', 'never');
  await expect(quiet.getByTestId('automount-use')).toHaveText('never called the API');
  await expect(quiet.getByTestId('automount-use-text')).toContainText(
    'No request by this account in the audit log since',
  );
  const loud = page.locator(`[data-testid="automount-account"][data-account="${ns}/loud"]`);
  await expect(loud).toHaveAttribute('data-use', 'called');
  await expect(loud.getByTestId('automount-use-text')).toContainText('from pod loud-1');
  await expect(loud.getByTestId('automount-command')).toHaveCount(0);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const width of [390, 1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto('/tokens/legacy#automount-heading');
      await quiet.scrollIntoViewIfNeeded();
      await page.screenshot({
        path: `test-results/screens/token-inventory-automount-${width}-${colorScheme}.png`,
      });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 720 });
  // ci-deployer's pod opted out: not listed as automounted.
  await expect(
    page.locator(`[data-testid="automount-account"][data-account="${ns}/ci-deployer"]`),
  ).toHaveCount(0);

  await card.getByRole('link', { name: 'ci-deployer' }).click();
  await expect(page).toHaveURL(new RegExp(`/serviceaccounts/${ns}/ci-deployer$`));

  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const width of [390, 1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto('/tokens/legacy');
      await card.scrollIntoViewIfNeeded();
      const sideways = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(sideways, `/tokens/legacy scrolls sideways at ${width} px`).toBe(0);
      await page.screenshot({ path: `test-results/screens/token-inventory-${width}-${colorScheme}.png` });
    }
  }
});

test('apps that never reload their token, and tokens minted for days, show up by account', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // A token like the kubelet's for pod quiet-1, with its warnafter 5 minutes past (the API server
  // accepts it and marks the request stale in its audit log); waiting an hour is not possible here.
  const { cluster } = e2eState();
  const sa = await kubeGet(`/api/v1/namespaces/${ns}/serviceaccounts/quiet`);
  const pod = await kubeGet(`/api/v1/namespaces/${ns}/pods/quiet-1`);
  const uid = (o: Record<string, unknown>) => String((o.metadata as { uid?: string } | undefined)?.uid ?? '');
  const now = Math.floor(Date.now() / 1000);
  const token = await signServiceAccountToken({
    signingKeyFile: cluster.signingKey,
    issuer: cluster.issuer,
    audience: [cluster.issuer],
    namespace: ns,
    serviceAccount: 'quiet',
    serviceAccountUid: uid(sa.body),
    iat: now - 3907,
    exp: now + 86_400,
    kubernetes: { pod: { name: 'quiet-1', uid: uid(pod.body) }, warnafter: now - 300 },
  });
  expect((await kubeRequest('GET', `/api/v1/namespaces/${ns}/pods`, undefined, token)).status).toBe(200);

  // A TokenRequest for two days, recorded with its body (never the token) in the audit log.
  const minted = await kubeRequest('POST', `/api/v1/namespaces/${ns}/serviceaccounts/quiet/token`, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: { expirationSeconds: 172_800 },
  });
  expect(minted.status).toBe(201);

  await page.goto('/tokens/legacy');
  const long = page.locator(`[data-testid="long-mint"][data-account="${ns}/quiet"]`);
  await expect(long.getByTestId('long-mint-lifetime')).toHaveText('up to 2 d');
  await expect(long.getByTestId('long-mint-count')).toHaveText('1');
  const row = page.locator(`[data-testid="stale-token-user"][data-account="${ns}/quiet"]`);
  await expect(row).toHaveAttribute('data-pod', 'quiet-1');
  await expect(row.getByTestId('stale-by')).toHaveText(/^5 min past refresh$/);
  await expect(row.getByTestId('stale-count')).toHaveText('1');
  await expect(row).toContainText(`list pods in ${ns}`);
  await expect(page.getByTestId('stale-source')).toContainText('audit.log');
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const width of [390, 1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto('/tokens/legacy#stale-heading');
      await row.scrollIntoViewIfNeeded();
      const sideways = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(sideways, `/tokens/legacy scrolls sideways at ${width} px`).toBe(0);
      await page.screenshot({
        path: `test-results/screens/token-inventory-stale-${width}-${colorScheme}.png`,
      });
    }
  }
});
