import type { APIRequestContext } from '@playwright/test';
import type { GuidedStep, ScenarioSummary } from '../lib/contracts/scenarios-api';
import type { MintedToken, TokenList } from '../lib/contracts/tokens';
import { csrf, expect, type GuidePage, test } from './support/fixtures';
import { e2eState, kubeGet, kubeRequest } from './support/state';

// Workshop mode from a presenter's point of view, against the real local control plane: every
// shipped scenario from its first step to teardown (the cluster checked after each step, a
// screenshot kept of each), "Why denied?" turning a 403 into a 200, the keyboard, presenter mode.

const s3Title = 'Bind each role to its ServiceAccount';
const SCENARIO_LABEL = 'tokenscope.dev/scenario';
type Obj = ScenarioSummary['objects'][number];

const plural: Record<string, string> = {
  ServiceAccount: 'serviceaccounts',
  Pod: 'pods',
  Secret: 'secrets',
  ConfigMap: 'configmaps',
  Role: 'roles',
  RoleBinding: 'rolebindings',
  ClusterRole: 'clusterroles',
  ClusterRoleBinding: 'clusterrolebindings',
};

/** The API path kubectl would GET for a scenario object. */
function pathOf(o: Pick<Obj, 'kind' | 'name' | 'namespace'>): string {
  if (o.kind === 'Namespace') return `/api/v1/namespaces/${o.name}`;
  const base = ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'].includes(o.kind)
    ? '/apis/rbac.authorization.k8s.io/v1'
    : '/api/v1';
  return `${base}${o.namespace ? `/namespaces/${o.namespace}` : ''}/${plural[o.kind]}/${o.name}`;
}

async function gone(o: Obj): Promise<boolean> {
  const r = await kubeGet(pathOf(o));
  // A namespace is finalized by the namespace controller after its contents are gone.
  return (
    r.status === 404 ||
    (o.kind === 'Namespace' && (r.body.status as { phase?: string })?.phase === 'Terminating')
  );
}

async function summaries(api: APIRequestContext): Promise<ScenarioSummary[]> {
  return ((await (await api.get('/api/scenarios')).json()) as { scenarios: ScenarioSummary[] }).scenarios;
}

const k8sClaims = (t: MintedToken) =>
  t.claims['kubernetes.io'] as {
    serviceaccount: { name: string; uid: string };
    pod?: { name: string; uid: string };
    secret?: { name: string; uid: string };
  };

async function uidOf(path: string): Promise<string> {
  return String(((await kubeGet(path)).body.metadata as { uid?: string }).uid);
}

/** What the cluster must look like after a step ran; a step with nothing to check in the cluster checks the UI. */
async function checkStep(g: GuidePage, s: ScenarioSummary, step: GuidedStep, index: number): Promise<void> {
  const ns = s.namespace;
  switch (step.do) {
    case 'apply':
      await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
      for (const o of s.objects.filter((x) => x.file === step.manifest)) {
        const r = await kubeGet(pathOf(o));
        expect(r.status, `${o.kind}/${o.name}`).toBe(200);
        expect((r.body.metadata as { labels?: Record<string, string> }).labels?.[SCENARIO_LABEL]).toBe(
          s.name,
        );
      }
      return;
    case 'mint': {
      await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
      const card = g.step.getByTestId('token-card');
      await expect(card.getByRole('heading', { level: 3 })).toHaveText(
        `system:serviceaccount:${step.namespace ?? ns}:${step.serviceAccount}`,
      );
      const t = await g.token(await card.getAttribute('data-token-id'));
      const saUid = await uidOf(
        `/api/v1/namespaces/${step.namespace ?? ns}/serviceaccounts/${step.serviceAccount}`,
      );
      expect(k8sClaims(t).serviceaccount.uid).toBe(saUid);
      if (step.expirationSeconds) expect(t.grantedExpirationSeconds).toBe(step.expirationSeconds);
      if (step.boundTo) {
        const bound = await uidOf(
          pathOf({ kind: step.boundTo.kind, name: step.boundTo.name, namespace: ns }),
        );
        expect(k8sClaims(t).secret?.uid ?? k8sClaims(t).pod?.uid).toBe(bound);
      }
      const minter = s.steps.find((x) => x.do === 'mint' && x.as === step.actAs);
      if (minter?.do === 'mint') await expect(card).toContainText(`held token ${minter.serviceAccount}`);
      return;
    }
    case 'try': {
      // A just-deleted bound object can take a moment to reach the API server's caches.
      await expect(async () => {
        if ((await g.verdict.getAttribute('data-verdict')) !== 'expected') await g.run();
        await expect(g.verdict).toHaveAttribute('data-verdict', 'expected', { timeout: 1000 });
      }).toPass({ timeout: 15_000 });
      const result = g.step.getByTestId('try-result').first();
      await expect(result).toHaveAttribute('data-status', String(step.expect));
      if (step.expect === 200 && step.request.verb === 'list') {
        const items = (await kubeGet(`/api/v1/namespaces/${step.request.namespace}/${step.request.resource}`))
          .body.items as unknown[];
        await expect(result.getByTestId('try-item-count')).toHaveText(
          `${items.length} item${items.length === 1 ? '' : 's'}`,
        );
      }
      if (step.expect === 403) await expect(g.step.getByTestId('why-denied')).toBeVisible();
      return;
    }
    case 'delete': {
      await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
      const o = s.objects.find((x) => x.kind === step.kind && x.name === step.name);
      expect(o).toBeDefined();
      if (o) await expect.poll(() => gone(o)).toBe(true);
      return;
    }
    case 'wait-expiry': {
      await expect(g.verdict).toHaveAttribute('data-verdict', 'waiting');
      const watch = g.step.getByTestId('expiry-watch');
      await expect(watch.getByTestId('token-countdown')).toHaveAttribute('data-phase', 'valid');
      const remaining = async () => (await watch.getByTestId('token-remaining').textContent()) ?? '';
      const first = await remaining();
      await expect.poll(remaining, { timeout: 5000 }).not.toBe(first);
      return;
    }
    case 'project': {
      await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
      const pod = await kubeGet(`/api/v1/namespaces/${step.namespace ?? ns}/pods/${step.pod}`);
      expect((pod.body.status as { phase?: string }).phase).not.toBe('Running');
      await expect(g.step.getByTestId('projection-simulated')).toContainText('this cluster has no kubelet');
      const v1 = g.step.locator('[data-testid="file-version"][data-version="1"]');
      const t = await g.token(await v1.getAttribute('data-token-id'));
      expect(k8sClaims(t).pod).toEqual({ name: step.pod, uid: (pod.body.metadata as { uid: string }).uid });
      expect(t.grantedExpirationSeconds).toBe(600);
      await expect(g.step.getByTestId('projected-file')).toContainText('holds v1');
      return;
    }
    case 'teardown':
      await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
      for (const o of s.objects)
        await expect.poll(() => gone(o), { message: `${o.kind}/${o.name}` }).toBe(true);
      return;
    default:
      await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
      expect(index).toBeGreaterThanOrEqual(0);
  }
}

test.beforeAll(async ({ playwright }) => {
  const api = await playwright.request.newContext({ baseURL: e2eState().url, extraHTTPHeaders: csrf });
  for (const s of await summaries(api)) {
    expect((await api.post(`/api/scenarios/${s.name}/teardown`, { data: {} })).status()).toBe(200);
    for (const o of s.objects) await expect.poll(() => gone(o), { timeout: 30_000 }).toBe(true);
  }
  await api.dispose();
});

for (const name of ['token-request', 'projected-volume', 'bound-revocation', 'least-privilege']) {
  test(`runs ${name} from the first step to teardown, and the cluster follows each step`, async ({
    page,
    guide,
  }) => {
    test.setTimeout(180_000);
    const s = (await summaries(page.request)).find((x) => x.name === name);
    if (!s) throw new Error(`${name} not listed`);
    const g = guide(name);
    await g.goto();
    for (const [i, step] of s.steps.entries()) {
      await g.at(i + 1);
      await expect(g.step.getByTestId('step-yaml')).toContainText(step.yaml.trim().split('\n')[0] ?? '');
      await g.run();
      await checkStep(g, s, step, i);
      await g.snap(i + 1);
      if (step.do === 'project') {
        // What kubelet does at 80 % of the TTL, on demand: v2 is a new real token for the same pod.
        await g.step.getByRole('button', { name: 'Rotate now' }).click();
        const v2 = g.step.locator('[data-testid="file-version"][data-version="2"]');
        await expect(v2).toBeVisible();
        await expect(g.step.getByTestId('projected-file')).toContainText('holds v2');
        const [t1, t2] = await Promise.all([
          g.token(await g.step.locator('[data-version="1"]').getAttribute('data-token-id')),
          g.token(await v2.getAttribute('data-token-id')),
        ]);
        expect(t2.jti).not.toBe(t1.jti);
        expect(k8sClaims(t2).pod?.uid).toBe(k8sClaims(t1).pod?.uid);
        // The old version is still accepted: the API server answers with it now.
        await g.step.getByRole('button', { name: 'Ask the API server with v1' }).click();
        await expect(g.step.locator('[data-version="1"]').getByTestId('token-probe')).toContainText(
          'API server answered 201 Authenticated',
        );
        await g.snap(`${i + 1}-rotated`);
      }
      if (i < s.steps.length - 1) await page.getByRole('button', { name: 'Next →' }).click();
    }
    await expect(page.getByTestId('progress-step')).toHaveCount(s.steps.length);
    const verdicts = await page
      .getByTestId('progress-step')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')));
    // Every step went as the scenario says; only the real 401 after exp + 60 s is still to come.
    expect(verdicts.filter((v) => v !== 'expected' && v !== 'waiting')).toEqual([]);
  });
}

test('the simulated kubelet rewrites the file at 80 % of the TTL, not before', async ({ page, guide }) => {
  // The browser's clock only: the rotation is scheduled by this page, the tokens are real.
  await page.clock.install();
  const g = guide('projected-volume');
  await g.goto('?step=5');
  await page.getByTestId('run-to-here').click();
  await expect(page.locator('[data-testid="progress-step"][data-verdict="expected"]')).toHaveCount(4);
  await g.run();
  const versions = g.step.getByTestId('file-version');
  await expect(versions).toHaveCount(1);
  await page.clock.fastForward('07:50');
  await expect(g.step.getByTestId('projected-file')).toContainText('holds v1');
  await expect(versions).toHaveCount(1);
  await page.clock.fastForward('00:15');
  await expect(versions).toHaveCount(2);
  await expect(g.step.getByTestId('projected-file')).toContainText('holds v2');
  const timeline = await page.request.get('/api/tokens');
  const held = ((await timeline.json()) as TokenList).tokens.filter((t) => t.boundObject?.kind === 'Pod');
  expect(held.length).toBeGreaterThanOrEqual(2);
});

test('where a kubelet runs the pod, the guided view shows the real pod and simulates nothing', async ({
  page,
  guide,
}) => {
  const pods = '/api/v1/namespaces/default/pods/nginx';
  expect(
    (await page.request.post('/api/scenarios/projected-volume/apply', { headers: csrf, data: {} })).status(),
  ).toBe(200);
  const binding = { metadata: { name: 'nginx' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-a' } };
  expect((await kubeRequest('POST', `${pods}/binding`, binding)).status).toBe(201);
  const pod = (await kubeGet(pods)).body;
  const running = { ...pod, status: { ...(pod.status as object), phase: 'Running' } };
  expect((await kubeRequest('PUT', `${pods}/status`, running)).status).toBe(200);
  try {
    const g = guide('projected-volume');
    await g.goto('?step=5');
    await g.run();
    const real = g.step.getByTestId('projection-kubelet');
    await expect(real).toContainText('Running on node node-a');
    await expect(real).toContainText('Tokenscope simulates nothing here');
    await expect(g.step.getByTestId('file-version')).toHaveCount(0);
    await g.snap('5-kubelet');
  } finally {
    // A pod bound to a node waits for its kubelet to confirm deletion; there is none here.
    await kubeRequest('DELETE', `${pods}?gracePeriodSeconds=0`);
    await page.request.post('/api/scenarios/projected-volume/teardown', { headers: csrf, data: {} });
  }
});

test('Why denied? explains the requester’s 403, applies the minimal fix, and the same request gets 200', async ({
  page,
  guide,
}) => {
  const g = guide('token-request');
  await g.goto('?step=7');
  await g.at(7);
  await page.getByTestId('run-to-here').click();
  await expect(page.locator('[data-testid="progress-step"][data-verdict="expected"]')).toHaveCount(6);
  await g.run();
  await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
  const why = g.step.getByTestId('why-denied');
  await expect(why.getByTestId('sar-verdict')).toHaveAttribute('data-allowed', 'false');
  await expect(why.getByTestId('sar-verdict')).toContainText(
    'system:serviceaccount:default:service-account-token-requester',
  );
  // The requester's one rule (create serviceaccounts/token, for the pod viewer only) differs from
  // "list pods" in verb, resource and name: too far to count as a near miss.
  await expect(why).toContainText('No binding reaching it comes close.');
  const yaml = why.getByTestId('step-yaml');
  await expect(yaml).toContainText('kind: Role');
  await expect(yaml).toContainText('verbs: ["list"]');
  await expect(yaml).toContainText('resources: ["pods"]');
  await why.scrollIntoViewIfNeeded();
  await g.snap('why-denied');

  const role =
    '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles/tokenscope-fix-service-account-token-requester-list-pods';
  expect((await kubeGet(role)).status).toBe(404);
  await why.getByRole('button', { name: 'Apply this fix' }).click();
  await expect(why.getByTestId('after-fix').getByTestId('try-result')).toHaveAttribute('data-status', '200');
  const applied = await kubeGet(role);
  expect(applied.status).toBe(200);
  expect((applied.body.metadata as { labels: Record<string, string> }).labels).toMatchObject({
    [SCENARIO_LABEL]: 'token-request',
    'tokenscope.dev/grant': 'true',
  });
  await g.snap('why-denied-fixed');

  // Outside the scenario's namespace the server refuses, whatever the browser sends.
  const refused = await page.request.post('/api/scenarios/token-request/grant', {
    headers: csrf,
    data: {
      serviceAccount: { namespace: 'default', name: 'service-account-token-requester' },
      request: { verb: 'list', group: '', resource: 'pods', namespace: 'kube-system' },
    },
  });
  expect(refused.status()).toBe(400);

  // Teardown deletes the fix with the scenario.
  await g.goto('?step=9');
  await g.run();
  await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
  await expect.poll(async () => (await kubeGet(role)).status).toBe(404);
});

test('the keyboard moves between steps, deep links open a step, and Enter runs it', async ({
  page,
  guide,
}) => {
  const g = guide('token-request');
  await g.goto('?step=2');
  await g.at(2);
  await page.keyboard.press('ArrowRight');
  await g.at(3);
  await expect(page).toHaveURL(/[?&]step=3\b/);
  await expect(page.getByRole('heading', { level: 2, name: s3Title })).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await g.at(1);
  await page.keyboard.press('PageDown');
  await g.at(2);
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('[aria-current="step"]')).toContainText('Create the two ServiceAccounts');

  await page.goto('/scenarios/token-request#step-5');
  await g.at(5);
  await expect(page).toHaveURL(/[?&]step=5\b/);

  await g.goto('?step=1');
  for (let i = 0; i < 40; i++) {
    if (await g.step.getByTestId('step-run').evaluate((el) => el === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  await expect(g.step.getByTestId('step-run')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
  expect(
    (await kubeGet('/api/v1/namespaces/default/serviceaccounts/service-account-pod-viewer')).status,
  ).toBe(200);

  // Between groups: results cleared and held tokens forgotten; what was applied stays applied.
  await page.getByRole('button', { name: 'Start over' }).click();
  await expect(page.getByText('Started over: results cleared')).toBeVisible();
  await expect(page.locator('[data-testid="progress-step"][data-verdict="none"]')).toHaveCount(9);
  expect(
    (await kubeGet('/api/v1/namespaces/default/serviceaccounts/service-account-pod-viewer')).status,
  ).toBe(200);
});

test('presenter mode: large type, masked tokens, the audit notice and a timeline; kept in a cookie', async ({
  page,
  context,
  guide,
}) => {
  const g = guide('token-request');
  await g.goto('?presenter=1&step=7');
  await expect(page.getByTestId('scenario-guide')).toHaveAttribute('data-presenter', 'on');
  await expect(page.getByTestId('presenter-notice')).toContainText('audit log');
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('20px');
  await page.getByTestId('run-to-here').click();
  await g.run();
  await expect(g.verdict).toHaveAttribute('data-verdict', 'expected');
  const badges = page.getByTestId('presenter-timeline').getByTestId('timeline-event');
  await expect(badges.filter({ hasText: 'minted' })).toHaveCount(2);
  await expect(badges.filter({ hasText: /^200/ })).toHaveCount(1);
  await expect(badges.filter({ hasText: /^403/ })).toHaveCount(1);
  await g.snap('presenter');

  await page.getByRole('button', { name: 'Previous' }).click();
  await page.getByRole('button', { name: 'Previous' }).click();
  await g.at(5);
  const card = g.step.getByTestId('token-card');
  await expect(card.getByTestId('presenter-safe-note')).toBeVisible();
  await expect(card.getByRole('button', { name: /Reveal|Copy token/ })).toHaveCount(0);
  await page.emulateMedia({ colorScheme: 'dark' });
  await g.snap('presenter-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  const toggle = page.getByTestId('presenter-switch');
  await toggle.click();
  await expect(page.getByTestId('scenario-guide')).toHaveAttribute('data-presenter', 'off');
  await expect(page).not.toHaveURL(/presenter=1/);
  await expect(card.getByRole('button', { name: 'Reveal token' })).toBeVisible();
  await toggle.click();
  expect((await context.cookies()).find((c) => c.name === 'tokenscope-presenter')?.value).toBe('1');
  await g.goto('');
  await expect(page.getByTestId('scenario-guide')).toHaveAttribute('data-presenter', 'on');
  await toggle.click();
  expect((await context.cookies()).find((c) => c.name === 'tokenscope-presenter')).toBeUndefined();
});

test('the overview links each scenario to its guided view; light and dark screenshots', async ({ page }) => {
  await page.goto('/scenarios');
  await page.getByTestId('scenario-projected-volume').getByTestId('scenario-guide-link').click();
  await expect(page).toHaveURL(/\/scenarios\/projected-volume/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Projected volume token');
  await page.screenshot({ path: 'test-results/screens/scenario-projected-volume-light.png', fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/scenarios/projected-volume?step=4');
  await expect(page.getByTestId('scenario-step')).toHaveAttribute('data-step', '4');
  await page.screenshot({ path: 'test-results/screens/scenario-projected-volume-dark.png', fullPage: true });
  await page.goto('/scenarios');
  await page.screenshot({ path: 'test-results/screens/scenarios-list-dark.png', fullPage: true });
});

test('the viewer’s token really expires: the API server’s 401 after exp + 60 s completes the step', async ({
  page,
  guide,
}) => {
  test.skip(!process.env.TOKENSCOPE_E2E_SLOW, 'waits 11 real minutes; run with TOKENSCOPE_E2E_SLOW=1');
  test.setTimeout(15 * 60_000);
  const g = guide('token-request');
  await g.goto('?presenter=1&step=8');
  await page.getByTestId('run-to-here').click();
  await expect(page.locator('[data-testid="progress-step"][data-verdict="expected"]')).toHaveCount(7);
  await g.run();
  await expect(g.verdict).toHaveAttribute('data-verdict', 'waiting');
  const watch = g.step.getByTestId('expiry-watch');
  // No clock tricks: the countdown, the probes at exp and after the leeway, and the 401 are all real.
  await expect(watch.getByTestId('token-countdown')).toHaveAttribute('data-phase', 'leeway', {
    timeout: 11 * 60_000,
  });
  await expect(watch.getByTestId('token-probe')).toContainText('API server answered 201', {
    timeout: 30_000,
  });
  await g.snap('8-leeway');
  await expect(g.verdict).toHaveAttribute('data-verdict', 'expected', { timeout: 2 * 60_000 });
  await expect(watch.getByTestId('token-probe')).toContainText('API server answered 401 Unauthorized');
  const timeline = page.getByTestId('presenter-timeline').getByTestId('timeline-event');
  await expect(timeline.filter({ hasText: 'expired' })).toHaveCount(1);
  await expect(timeline.filter({ hasText: /^401/ })).toHaveCount(1);
  await g.snap('8-rejected');
});
