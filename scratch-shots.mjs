// Scratch (not committed): screenshots of the ServiceAccounts page's "inconsistent" note.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from './bench/browser.mjs';
import { startCluster } from './scripts/lib/cluster.mjs';
import { startNext } from './scripts/lib/next.mjs';

const dir = mkdtempSync(join(tmpdir(), 'shots-'));
const cluster = await startCluster({ dataDir: dir, log: () => {} });
const env = { ...process.env, KUBECONFIG: cluster.info.kubeconfig };
execFileSync('kubectl', ['create', 'namespace', 'many'], { env });
const yaml = Array.from({ length: 150 }, (_, i) => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app-${String(i).padStart(3, '0')}\n  namespace: many\n`).join('---\n');
writeFileSync(join(dir, 'sas.yaml'), yaml);
execFileSync('kubectl', ['apply', '-f', join(dir, 'sas.yaml')], { env });
const next = await startNext({ port: 3611, env: { KUBECONFIG: cluster.info.kubeconfig } });
const browser = await launch();
try {
  for (const scheme of ['light', 'dark']) {
    for (const width of [390, 1280, 1920]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
      const page = await context.newPage();
      await page.route(/\/api\/serviceaccounts\?.*continue=/, async (route) => {
        const res = await route.fetch();
        const body = await res.json();
        await route.fulfill({ response: res, json: { ...body, inconsistent: true } });
      });
      await page.goto(`${next.url}/serviceaccounts?namespace=many`);
      await page.getByRole('button', { name: 'Load more' }).click();
      await page.getByTestId('sa-inconsistent').waitFor();
      await page.getByTestId('sa-inconsistent').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `/work/wt/shots/sa-inconsistent-${width}-${scheme}.png` });
      await context.close();
    }
  }
} finally {
  await browser.close();
  await next.stop();
  await cluster.stop();
}
