// npm test: lint, typecheck, unit, go (cluster/'s Go tests, and `go vet` of cluster/ for every platform
// a presenter may carry), integration (against a local control plane it starts itself) and
// end-to-end (Playwright + Debian Chromium against `next start` and the same kind of control plane),
// and, as root, the container image (deploy/verify-image.mjs).
// `npm test -- compat` (npm run test:compat), outside the default run: the integration suite against
// the oldest Kubernetes minor the local control plane builds at (a first build of it takes minutes).
// Ends with one line `N passed, M failed` summing every runner.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
// Builtin-only modules: on a fresh clone node_modules does not exist yet when these load.
import { ensureChromium, ensureGo, ensureNodeModules } from './lib/bootstrap.mjs';
import { chromiumPath } from './lib/chromium.mjs';
import { buildCluster, kubeVersions, root } from './lib/cluster.mjs';
import { buildNext } from './lib/next.mjs';

const only = process.argv.slice(2);
/** Runners that only run when named. */
const onRequest = ['compat'];
const wanted = (name) => (only.length === 0 ? !onRequest.includes(name) : only.includes(name));

// What a fresh clone lacks: cheap checks that can stop the run come first, installs after.
if (wanted('go') || wanted('integration') || wanted('e2e') || wanted('compat')) ensureGo();
if (wanted('e2e')) await ensureChromium(chromiumPath);
await ensureNodeModules(root);

const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });

function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(127));
  });
}

const tally = [];
function record(name, passed, failed, note = '') {
  tally.push({ name, passed, failed, note });
  console.log(`\n[test] ${name}: ${passed} passed, ${failed} failed${note ? ` (${note})` : ''}\n`);
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

async function check(name, cmd, args) {
  const code = await run(cmd, args);
  record(name, code === 0 ? 1 : 0, code === 0 ? 0 : 1);
}

async function vitest(project, { label = `vitest ${project}`, env = {}, file = project } = {}) {
  const out = join(results, `vitest-${file}.json`);
  rmSync(out, { force: true });
  const code = await run(
    'npx',
    ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile=${out}`],
    env,
  );
  const report = readJson(out);
  if (!report) return record(label, 0, 1, `runner exited ${code} without a report`);
  const failed = report.numFailedTests + (code !== 0 && report.numFailedTests === 0 ? 1 : 0);
  record(
    label,
    report.numPassedTests,
    failed,
    code !== 0 && report.numFailedTests === 0 ? `runner exited ${code}` : '',
  );
}

/** The oldest minor kubeVersions knows: the integration suite against a control plane built at it. */
async function compat() {
  const oldest = Object.keys(kubeVersions).sort(
    (a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]),
  )[0];
  const label = `compat ${kubeVersions[oldest].version}`;
  try {
    await buildCluster({ kube: oldest });
  } catch (err) {
    console.error(`[test] ${err.message}`);
    return record(label, 0, 1, 'control plane build failed');
  }
  await vitest('integration', { label, env: { TOKENSCOPE_KUBE: oldest }, file: `integration-${oldest}` });
}

async function playwright() {
  const out = join(results, 'e2e-report.json');
  rmSync(out, { force: true });
  const code = await run('npx', ['playwright', 'test'], { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' });
  const report = readJson(out);
  if (!report) return record('playwright e2e', 0, 1, `runner exited ${code} without a report`);
  const s = report.stats;
  const failed = s.unexpected + s.flaky + (code !== 0 && s.unexpected === 0 ? 1 : 0);
  record('playwright e2e', s.expected, failed, s.skipped ? `${s.skipped} skipped` : '');
}

/** Platforms cluster/ must build for: this machine's and presenters' laptops. */
const goTargets = [
  'linux/amd64',
  'linux/arm64',
  'darwin/amd64',
  'darwin/arm64',
  'windows/amd64',
  'windows/arm64',
];
/** CI vets every platform; elsewhere only on request, since a first vet of a platform takes minutes. */
const crossVet = Boolean(process.env.CI) || process.env.TOKENSCOPE_CROSS_VET === '1';

/**
 * cluster/: `go test -json` (one pass or fail per test function; its own vet pass is off, the vet
 * below covers it), then, in CI or with TOKENSCOPE_CROSS_VET=1, `go vet` for each of goTargets (one
 * check each; it type-checks the code and the tests for that platform). A first vet of a platform
 * compiles and analyses cluster/'s ~2,000 dependencies for it (about 16 CPU-minutes); Go's build
 * cache keeps the result, so later runs take seconds.
 */
async function goChecks() {
  const cwd = join(root, 'cluster');
  const events = [];
  const code = await new Promise((resolve) => {
    const child = spawn('go', ['test', '-vet=off', '-json', '-count=1', './...'], {
      cwd,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, CGO_ENABLED: '0' },
    });
    let rest = '';
    child.stdout.on('data', (chunk) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop();
      for (const line of lines) {
        try {
          events.push(JSON.parse(line));
        } catch {
          process.stdout.write(`${line}\n`);
        }
      }
    });
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(127));
  });
  const outcome = (action) => events.filter((e) => e.Action === action && e.Test && !e.Test.includes('/'));
  const [passed, failed] = [outcome('pass'), outcome('fail')];
  for (const f of failed) {
    const output = events.filter((e) => e.Action === 'output' && e.Test === f.Test).map((e) => e.Output);
    console.log(`--- FAIL ${f.Package} ${f.Test}\n${output.join('')}`);
  }
  // A build failure fails no test: its output is in build-output events, or on stderr.
  const broken = code !== 0 && failed.length === 0;
  if (broken)
    process.stdout.write(
      events
        .filter((e) => e.Action === 'build-output' || (e.Action === 'output' && !e.Test))
        .map((e) => e.Output)
        .join(''),
    );
  record(
    'go test cluster/',
    passed.length,
    failed.length + (broken ? 1 : 0),
    broken ? `go test exited ${code}` : '',
  );

  if (!crossVet) {
    console.log(
      `\n[test] go vet (${goTargets.join(', ')}): not run outside CI; TOKENSCOPE_CROSS_VET=1 npm test -- go runs it\n`,
    );
    return;
  }
  const vetted = { passed: 0, failed: [] };
  for (const target of goTargets) {
    const [GOOS, GOARCH] = target.split('/');
    const started = Date.now();
    const c = await new Promise((resolve) => {
      const child = spawn('go', ['vet', './...'], {
        cwd,
        stdio: 'inherit',
        env: { ...process.env, GOOS, GOARCH, CGO_ENABLED: '0' },
      });
      child.on('exit', (x, signal) => resolve(x ?? (signal ? 1 : 0)));
      child.on('error', () => resolve(127));
    });
    console.log(
      `[test] go vet ${target}: ${c === 0 ? 'ok' : `exit ${c}`} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
    if (c === 0) vetted.passed += 1;
    else vetted.failed.push(target);
  }
  record('go vet platforms', vetted.passed, vetted.failed.length, vetted.failed.join(', '));
}

/** The container image built and run as deploy/kubernetes/tokenscope.yaml runs it (root only). */
async function image() {
  if (process.getuid?.() !== 0) {
    return record(
      'image',
      0,
      0,
      'skipped: needs root to install docker.io and start dockerd; run `npm run image:verify` as root',
    );
  }
  const child = spawn('node', ['deploy/verify-image.mjs'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let tail = '';
  child.stdout.on('data', (chunk) => {
    process.stdout.write(chunk);
    tail = (tail + chunk.toString()).slice(-4096);
  });
  const code = await new Promise((resolve) => {
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(127));
  });
  const counts = [...tail.matchAll(/^(\d+) passed, (\d+) failed$/gm)].at(-1);
  if (!counts) return record('image', 0, 1, `verify-image exited ${code} without a summary`);
  const failed = Number(counts[2]) + (code !== 0 && counts[2] === '0' ? 1 : 0);
  record('image', Number(counts[1]), failed);
}

const started = Date.now();
if (wanted('lint')) await check('lint', 'npm', ['run', '--silent', 'lint']);
if (wanted('typecheck')) await check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
if (wanted('unit')) await vitest('unit');
if (wanted('go')) await goChecks();
if (wanted('integration') || wanted('e2e')) {
  try {
    await buildCluster();
  } catch (err) {
    console.error(`[test] ${err.message}`);
  }
}
if (wanted('integration')) await vitest('integration');
if (wanted('e2e')) {
  try {
    await buildNext();
    await playwright();
  } catch (err) {
    console.error(`[test] ${err.message}`);
    record('playwright e2e', 0, 1, 'next build failed');
  }
}

if (wanted('image')) await image();
if (wanted('compat')) await compat();

const passed = tally.reduce((n, t) => n + t.passed, 0);
const failed = tally.reduce((n, t) => n + t.failed, 0);
console.log('\n[test] summary');
for (const t of tally)
  console.log(
    `[test]   ${t.name.padEnd(18)} ${t.passed} passed, ${t.failed} failed${t.note ? ` (${t.note})` : ''}`,
  );
console.log(`[test] wall time ${((Date.now() - started) / 1000).toFixed(0)} s`);
if (existsSync(join(results, 'screens'))) console.log(`[test] screenshots in ${join(results, 'screens')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
