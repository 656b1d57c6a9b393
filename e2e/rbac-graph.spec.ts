import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { kubeRequest } from './support/state';

// The RBAC graph: the seed's ServiceAccounts drawn subject → binding → role → rule, moved through with
// the keyboard, and the same nodes listed as text; a ~200-node world stays readable.

test.use({ seed: ['token-request'] });

const requester = 'subject:ServiceAccount:default/service-account-token-requester';
const requesterBinding = 'binding:crb/cluster-role-binding-token-requester-blog';
const requesterRole = 'role:ClusterRole:cluster-role-token-requester-blog';
const shots = '/tmp/shots-graph';

const activeNode = (page: Page) =>
  page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset?.nodeId ?? null);

async function drawnIds(page: Page): Promise<string[]> {
  return (
    await page
      .getByTestId('graph-node')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id') ?? ''))
  ).sort();
}
/** Whether the start node (aria-current) lies wholly inside the drawing's scroll box as shown. */
async function startInBox(page: Page): Promise<boolean> {
  const box = await page.getByTestId('graph-scroll').boundingBox();
  const start = await page.locator('[data-testid="graph-node"][aria-current="true"]').boundingBox();
  if (!box || !start) return false;
  return (
    start.y >= box.y &&
    start.y + start.height <= box.y + box.height &&
    start.x >= box.x &&
    start.x + start.width <= box.x + box.width
  );
}
async function listedIds(page: Page): Promise<string[]> {
  return (
    await page
      .getByTestId('graph-text-node')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id') ?? ''))
  ).sort();
}

test('draws the seed requester: subject → binding → role → rule, and lists the same nodes', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/serviceaccounts/default/service-account-token-requester');
  await page.getByTestId('sa-graph').click();
  await expect(page).toHaveURL(
    /\/rbac\/graph\?kind=ServiceAccount&namespace=default&name=service-account-token-requester/,
  );
  await expect(page.getByRole('link', { name: 'Graph', exact: true }).first()).toHaveAttribute(
    'aria-current',
    'page',
  );
  const graph = page.getByTestId('rbac-graph');
  await expect(graph).toBeVisible();
  for (const id of [requester, requesterBinding, requesterRole]) {
    await expect(graph.locator(`[data-node-id="${id}"]`)).toHaveCount(1);
  }
  const rule = graph.locator('[data-node-id^="rule:role:ClusterRole:cluster-role-token-requester-blog#"]');
  await expect(rule).toHaveCount(1);
  await expect(rule).toHaveAttribute(
    'aria-label',
    /create · serviceaccounts\/token \[service-account-pod-viewer\]/,
  );
  // The viewer's binding does not reach the requester.
  await expect(
    graph.locator('[data-node-id="binding:crb/cluster-role-binding-pod-viewer-blog"]'),
  ).toHaveCount(0);

  const drawn = await drawnIds(page);
  expect(drawn.length).toBeGreaterThanOrEqual(4);
  expect(await listedIds(page)).toEqual(drawn);
  await expect(page.getByTestId('graph-text')).toContainText(
    'create · serviceaccounts/token [service-account-pod-viewer]',
  );
});

test('keyboard: one tab stop, arrows follow edges and columns, Enter opens the node’s page', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/rbac/graph?kind=ServiceAccount&namespace=default&name=service-account-token-requester');
  const graph = page.getByTestId('rbac-graph');
  await expect(graph).toBeVisible();
  // Roving tabindex: only the selected node (at first the one asked about) is in the tab order.
  await expect(graph.locator('[data-testid="graph-node"][tabindex="0"]')).toHaveCount(1);
  await expect(graph.locator(`[data-node-id="${requester}"]`)).toHaveAttribute('tabindex', '0');
  await page.getByRole('button', { name: 'Draw' }).focus();
  for (let i = 0; i < 4 && (await activeNode(page)) !== requester; i++) await page.keyboard.press('Tab');
  expect(await activeNode(page)).toBe(requester);
  await expect(page.getByTestId('graph-focus-ring')).toHaveCount(1);

  await page.keyboard.press('ArrowRight');
  const first = await activeNode(page);
  // Right goes to a node the requester leads to: a binding, a group it belongs to, or a pod.
  expect(first).toMatch(/^(binding:|subject:Group:|pod:)/);
  await graph.locator(`[data-node-id="${requesterRole}"]`).click();
  expect(await activeNode(page)).toBe(requesterRole);
  await expect(page.getByTestId('graph-selected')).toContainText('cluster-role-token-requester-blog');
  // Neighbours stay lit, the rest is dimmed.
  await expect(graph.locator(`[data-node-id="${requesterBinding}"]`)).toHaveAttribute('opacity', '1');
  await expect(graph.locator('[data-node-id="subject:Group:system:authenticated"]')).toHaveAttribute(
    'opacity',
    '0.4',
  );
  await page.keyboard.press('ArrowRight');
  expect(await activeNode(page)).toMatch(/^rule:role:ClusterRole:cluster-role-token-requester-blog#/);
  await page.keyboard.press('ArrowLeft');
  expect(await activeNode(page)).toBe(requesterRole);
  await page.keyboard.press('ArrowLeft');
  expect(await activeNode(page)).toBe(requesterBinding);
  // Up and down move within the column: the binding shares it with the requester's groups (where
  // it sits in the column depends on what else the cluster binds, so try up, else down, and back).
  const columnX = async (id: string) =>
    Math.round((await graph.locator(`[data-node-id="${id}"]`).boundingBox())?.x ?? Number.NaN);
  const bindingX = await columnX(requesterBinding);
  await page.keyboard.press('ArrowUp');
  const [away, back] =
    (await activeNode(page)) === requesterBinding ? ['ArrowDown', 'ArrowUp'] : ['ArrowUp', 'ArrowDown'];
  if (away === 'ArrowDown') await page.keyboard.press('ArrowDown');
  const mate = await activeNode(page);
  expect(mate).not.toBe(requesterBinding);
  expect(await columnX(mate ?? '')).toBe(bindingX);
  await page.keyboard.press(back);
  expect(await activeNode(page)).toBe(requesterBinding);
  await page.keyboard.press('ArrowLeft');
  expect(await activeNode(page)).toBe(requester);
  await expect(graph.locator(`[data-node-id="${requester}"]`)).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('ArrowRight');
  expect(await activeNode(page)).not.toBe(requester);
  await page.keyboard.press('Home');
  expect(await activeNode(page)).toBe(requester);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('service-account-token-requester');
});

test('a role, a namespace and bad input', async ({ page }) => {
  await page.goto('/rbac/graph?kind=ClusterRole&name=cluster-role-pod-viewer-blog');
  await expect(
    page
      .getByTestId('rbac-graph')
      .locator('[data-node-id="binding:crb/cluster-role-binding-pod-viewer-blog"]'),
  ).toHaveCount(1);
  await expect(
    page
      .getByTestId('rbac-graph')
      .locator('[data-node-id="subject:ServiceAccount:default/service-account-pod-viewer"]'),
  ).toHaveCount(1);
  await page.goto('/rbac/graph?kind=Namespace&namespace=no-such-namespace-here');
  await expect(page.getByTestId('graph-empty')).toBeVisible();
  await page.goto('/rbac/graph?kind=ServiceAccount&namespace=Bad_NS&name=x');
  await expect(page.getByTestId('graph-invalid')).toContainText('namespace');
  await page.goto('/rbac/graph');
  await page.getByRole('link', { name: /service-account-pod-viewer/ }).click();
  await expect(page.getByTestId('rbac-graph')).toBeVisible();
});

test('a ~200-node world: readable, scrolls in its box, phones get the list first; screenshots', async ({
  page,
}) => {
  test.setTimeout(300_000);
  mkdirSync(shots, { recursive: true });
  const ns = 'graph-wide';
  const rbac = '/apis/rbac.authorization.k8s.io/v1';
  await kubeRequest('POST', '/api/v1/namespaces', { metadata: { name: ns } });
  await kubeRequest('POST', `/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: 'wide' } });
  const resources = [
    'pods',
    'configmaps',
    'services',
    'secrets',
    'events',
    'endpoints',
    'persistentvolumeclaims',
  ];
  for (let i = 0; i < 34; i++) {
    const name = `graph-role-${String(i).padStart(2, '0')}`;
    await kubeRequest('POST', `${rbac}/namespaces/${ns}/roles`, {
      metadata: { name },
      rules: [0, 1, 2, 3].map((k) => ({
        apiGroups: [''],
        resources: [resources[(i + k) % resources.length]],
        verbs: k === 0 ? ['get', 'list', 'watch'] : ['get'],
        ...(k === 3 ? { resourceNames: [`object-${i}`] } : {}),
      })),
    });
    await kubeRequest('POST', `${rbac}/namespaces/${ns}/rolebindings`, {
      metadata: { name: `graph-binding-${String(i).padStart(2, '0')}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: 'wide', namespace: ns }],
    });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/rbac/graph?kind=ServiceAccount&namespace=${ns}&name=wide`);
  await expect(page.getByTestId('rbac-graph')).toBeVisible();
  const count = (await drawnIds(page)).length;
  expect(count).toBeGreaterThanOrEqual(180);
  expect(await listedIds(page)).toEqual(await drawnIds(page));
  // The drawing scrolls inside its box; the page itself never scrolls sideways.
  const scroll = page.getByTestId('graph-scroll');
  expect(await scroll.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  // The box opens on the start node, which dagre places halfway down a drawing this tall.
  await expect.poll(() => startInBox(page)).toBe(true);
  expect(await scroll.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
  // A live update re-renders the drawing (one more binding): the box stays where the reader put it.
  await scroll.evaluate((el) => {
    el.scrollTop = 0;
  });
  await kubeRequest('POST', `${rbac}/namespaces/${ns}/rolebindings`, {
    metadata: { name: 'graph-binding-late' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'graph-role-00' },
    subjects: [{ kind: 'ServiceAccount', name: 'wide', namespace: ns }],
  });
  await expect(page.getByText(/ nodes, 39 bindings/)).toBeVisible();
  expect(await scroll.evaluate((el) => el.scrollTop)).toBe(0);
  // Labels are drawn at 12 px (legible at 1280) and fit their nodes.
  const sizes = await page
    .locator('[data-testid="graph-node"] text')
    .evaluateAll((els) =>
      els
        .slice(0, 40)
        .map((t) => [
          Number.parseFloat(getComputedStyle(t).fontSize),
          (t as SVGTextElement).getComputedTextLength(),
        ]),
    );
  for (const [size, length] of sizes) {
    expect(size).toBeGreaterThanOrEqual(11);
    expect(length).toBeLessThanOrEqual(248 - 14);
  }

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [390, 1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`/rbac/graph?kind=ServiceAccount&namespace=${ns}&name=wide`);
      if (width === 390) {
        await expect(page.getByTestId('graph-text')).toBeVisible();
        await expect(page.locator('#rbac-graph-drawing')).toBeHidden();
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(
          true,
        );
        await page.screenshot({ path: `${shots}/graph-200-${width}-${scheme}-list.png` });
        await page.getByTestId('graph-phone-toggle').click();
        await expect(page.getByTestId('rbac-graph')).toBeVisible();
        await expect(page.getByTestId('graph-text')).toBeHidden();
      } else await expect(page.getByTestId('rbac-graph')).toBeVisible();
      await expect.poll(() => startInBox(page)).toBe(true);
      await page.screenshot({ path: `${shots}/graph-200-${width}-${scheme}.png` });
      await page.goto(
        '/rbac/graph?kind=ServiceAccount&namespace=default&name=service-account-token-requester',
      );
      if (width === 390) await page.getByTestId('graph-phone-toggle').click();
      await expect(page.getByTestId('rbac-graph')).toBeVisible();
      await page.screenshot({ path: `${shots}/graph-seed-${width}-${scheme}.png`, fullPage: true });
    }
  }
  await kubeRequest('DELETE', `/api/v1/namespaces/${ns}`);
});

test('diff: the seed requester against the viewer, and a subject before and after a change', async ({
  page,
}) => {
  await page.goto('/rbac/diff');
  await expect(page.getByRole('link', { name: 'Diff', exact: true })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('link', { name: 'the token requester against the pod viewer' }).click();
  const onlyA = page.getByTestId('diff-only-a');
  const onlyB = page.getByTestId('diff-only-b');
  await expect(onlyB).toContainText('list pods (cluster-wide)');
  await expect(onlyB).toContainText('cluster-role-binding-pod-viewer-blog → cluster-role-pod-viewer-blog');
  await expect(onlyA).not.toContainText('list pods');
  await expect(page.getByTestId('diff-both')).not.toContainText('list pods');
  await expect(onlyA).toContainText(
    'create serviceaccounts/token [service-account-pod-viewer] (cluster-wide)',
  );
  await page.screenshot({ path: `${shots}/diff-seed-1280-light.png`, fullPage: true });

  // Grant the viewer more, then see it as "gained" against the moment before.
  const name = `diff-e2e-${Date.now().toString(36)}`;
  const rbac = '/apis/rbac.authorization.k8s.io/v1';
  const url = page.url();
  await page.goto(url); // the page read RBAC once more: the journal's baseline
  const made = await kubeRequest('POST', `${rbac}/namespaces/default/rolebindings`, {
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'ServiceAccount', name: 'service-account-pod-viewer', namespace: 'default' }],
  });
  expect(made.status).toBe(201);
  await expect(async () => {
    await page.goto(url);
    const viewer = page
      .getByTestId('history-subject')
      .filter({ hasText: 'default/service-account-pod-viewer' });
    await expect(viewer.getByTestId('history-gained')).toContainText('in default', { timeout: 1000 });
    await expect(viewer.getByTestId('history-gained')).toContainText(`${name} → view`, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId('diff-only-b')).toContainText('get, list, watch pods in default');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [390, 1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await page.screenshot({ path: `${shots}/diff-${width}-${scheme}.png`, fullPage: true });
    }
  }
  await kubeRequest('DELETE', `${rbac}/namespaces/default/rolebindings/${name}`);
});
