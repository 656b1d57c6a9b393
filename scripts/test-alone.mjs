// Runs tests one at a time, each in a runner of its own, to find tests that pass only after others
// (shared state, file order). Not part of npm test: each integration or e2e test alone pays for its
// own control plane (and dashboard), tens of seconds each.
//
//   node scripts/test-alone.mjs [--unit N] [--integration N] [--e2e N] [--seed S] [--only TEXT]
//                               [--all] [--jobs J] [--log FILE] [--skip-passed FILE]
//
// Picks N random tests of each project (seeded; the seed is printed so a failure can be replayed),
// or, with --only (repeatable), every test whose file or name contains TEXT in the projects whose N
// is not 0; --all picks every test of those projects (in a seeded random order). --jobs runs J at a
// time (each e2e job on its own TOKENSCOPE_E2E_PORT); --log appends one JSON line per test, so a long
// run that is stopped still says what it ran; --skip-passed leaves out the tests such a log (from an
// earlier run, possibly the same file) records as passed alone. Exits 1 if any test fails alone, or runs no test at all.
// e2e tests run as `playwright test file:line`, so the custody teardown project runs after each.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { root } from './lib/cluster.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const only = args.flatMap((a, i) => (args[i - 1] === '--only' ? [a] : []));
const counts = {
  unit: Number(opt('unit', 10)),
  integration: Number(opt('integration', 2)),
  e2e: Number(opt('e2e', 2)),
};
const seed = Number(opt('seed', Date.now() % 1_000_000));
const all = args.includes('--all');
const jobs = Math.max(1, Number(opt('jobs', 1)));
const logFile = opt('log', '');
const skipFile = opt('skip-passed', '');
const passedBefore = new Set(
  skipFile && existsSync(skipFile)
    ? readFileSync(skipFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .filter((r) => r.ok)
        .map((r) => r.label)
    : [],
);
const e2eBase = Number(process.env.TOKENSCOPE_E2E_PORT ?? 3217);

/** mulberry32: the same seed picks the same tests. */
function rng(s) {
  let state = s >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(seed);
function sample(items, n) {
  const pool = [...items];
  const out = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  return out;
}

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? 1, stdout: r.stdout ?? '', out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** run(), without blocking the other jobs; env adds to process.env. */
function runAsync(cmd, argv, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, out: `${stdout}${stderr}` }));
  });
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every vitest test of a project: { label, argv } that runs it alone. */
function vitestTests(project) {
  const { stdout } = run('npx', ['vitest', 'list', '--project', project, '--json']);
  const list = JSON.parse(stdout.slice(stdout.indexOf('[')));
  return list.map((t) => {
    const file = relative(root, t.file);
    // vitest matches -t against the full name: describe blocks and the test, joined by spaces.
    const pattern = `^${t.name.split(' > ').map(escapeRegExp).join(' ')}$`;
    return {
      label: `${file} › ${t.name}`,
      argv: ['vitest', 'run', '--project', project, file, '-t', pattern, '--reporter=json'],
      // A pattern that matched nothing would "pass" with every test skipped: exactly one must have run.
      ran: (out) => JSON.parse(out.slice(out.indexOf('{'))).numPassedTests,
    };
  });
}

/** Every e2e test: { label, argv } that runs it alone (by file:line). */
function playwrightTests() {
  const { stdout } = run('npx', ['playwright', 'test', '--list', '--reporter=json', '--project', 'e2e']);
  const report = JSON.parse(stdout.slice(stdout.indexOf('{')));
  const tests = [];
  const visit = (suite) => {
    for (const spec of suite.specs ?? []) {
      const where = `${spec.file}:${spec.line}`;
      tests.push({
        label: `${where} › ${spec.title}`,
        argv: ['playwright', 'test', where, '--reporter=json'],
        // How many of the chosen spec's tests passed, and none failed anywhere (the custody teardown
        // runs after each, and may itself be the chosen spec).
        ran: (out) => {
          const report = JSON.parse(out.slice(out.indexOf('{')));
          if (report.stats.unexpected > 0) return 0;
          let passed = 0;
          const walk = (suite) => {
            for (const s of suite.specs ?? [])
              if (`${s.file}:${s.line}` === where)
                passed += s.tests.filter((t) => t.results.at(-1)?.status === 'passed').length;
            for (const child of suite.suites ?? []) walk(child);
          };
          for (const suite of report.suites) walk(suite);
          return passed;
        },
      });
    }
    for (const s of suite.suites ?? []) visit(s);
  };
  for (const s of report.suites) visit(s);
  // Several tests from one loop share a line; running the line runs them together, once.
  return [...new Map(tests.map((t) => [t.argv[2], t])).values()];
}

const chosen = [];
for (const [project, list] of [
  ['unit', () => vitestTests('unit')],
  ['integration', () => vitestTests('integration')],
  ['e2e', playwrightTests],
]) {
  if (counts[project] === 0) continue;
  const tests = list();
  const picked =
    only.length > 0
      ? tests.filter((t) => only.some((o) => t.label.includes(o)))
      : sample(tests, all ? tests.length : counts[project]);
  chosen.push(...picked.filter((t) => !passedBefore.has(t.label)));
}

console.log(
  `[alone] seed ${seed}: ${chosen.length} tests, each in a runner of its own, ${jobs} at a time${passedBefore.size ? ` (${passedBefore.size} passed alone before, left out)` : ''}`,
);
const failed = [];
let next = 0;
async function worker(slot) {
  while (next < chosen.length) {
    const t = chosen[next++];
    const started = Date.now();
    // Each job's dashboard and the specs' side ports (e2ePort + n) stay clear of the other jobs'.
    const { code, stdout, out } = await runAsync('npx', t.argv, {
      TOKENSCOPE_E2E_PORT: String(e2eBase + slot * 20),
    });
    let ran = 0;
    try {
      ran = t.ran(stdout);
    } catch {}
    const ok = code === 0 && ran >= 1;
    const seconds = Math.round((Date.now() - started) / 1000);
    console.log(
      `[alone] ${ok ? 'pass' : 'FAIL'} ${t.label} (${seconds} s${code === 0 && ran === 0 ? ', no test ran' : ''})`,
    );
    if (logFile) appendFileSync(logFile, `${JSON.stringify({ label: t.label, ok, seconds })}\n`);
    if (!ok) {
      failed.push(t.label);
      const why = out.match(/(AssertionError|Error): [^\n"]{0,300}/g) ?? [];
      for (const line of why.slice(0, 5)) console.log(`    ${line}`);
    }
  }
}
await Promise.all(Array.from({ length: jobs }, (_, slot) => worker(slot)));
console.log(`${chosen.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length > 0 || chosen.length === 0 ? 1 : 0);
