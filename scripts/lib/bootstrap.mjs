// What a fresh clone lacks, installed before anything needs it, so that `npm run demo` and
// `npm test` work as the first command typed after `git clone`. Node builtins only: this runs
// when node_modules may not exist yet.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const debianChromium = '/usr/bin/chromium';
const say = (m) => console.log(`[setup] ${m}`);

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Why node_modules does not match package-lock.json, or '' when it does. npm records what it
 * installed in node_modules/.package-lock.json; a package the lockfile names at another version
 * (or not at all, unless optional: another platform's binaries are skipped) means `npm ci`.
 * Content, not mtimes: a fresh clone's files all carry the time of the clone.
 */
export function staleReason(root) {
  const lock = readJson(join(root, 'package-lock.json'));
  if (!lock?.packages) return 'package-lock.json is missing or unreadable';
  if (!existsSync(join(root, 'node_modules'))) return 'node_modules is missing';
  const installed = readJson(join(root, 'node_modules', '.package-lock.json'))?.packages;
  if (!installed) return 'node_modules was not installed by npm from the lockfile';
  for (const [path, want] of Object.entries(lock.packages)) {
    if (path === '' || want.link) continue;
    const have = installed[path];
    if (!have) {
      if (want.optional || want.devOptional) continue;
      return `${path.replace(/^node_modules\//, '')} is not installed`;
    }
    if (have.version !== want.version) return `${path.replace(/^node_modules\//, '')} is ${have.version}, the lockfile says ${want.version}`;
    if (!existsSync(join(root, path))) return `${path.replace(/^node_modules\//, '')} is missing from node_modules`;
  }
  return '';
}

/** Top-level packages unpacked so far (their package.json is written when npm has extracted them). */
function countExtracted(root, paths) {
  return paths.filter((p) => existsSync(join(root, p, 'package.json'))).length;
}

function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(127));
  });
}

/** `npm ci` when node_modules is missing or does not match package-lock.json. */
export async function ensureNodeModules(root) {
  const reason = staleReason(root);
  if (!reason) return;
  say(`installing npm packages with \`npm ci\` (${reason}); this takes a minute or two the first time`);
  const started = Date.now();
  // npm prints nothing until it is done when its output is not a terminal: count for it.
  const wanted = Object.entries(readJson(join(root, 'package-lock.json')).packages)
    .filter(([p, e]) => /^node_modules\/(@[^/]+\/)?[^/@][^/]*$/.test(p) && !e.optional)
    .map(([p]) => p);
  const ticker = setInterval(() => {
    say(`npm ci: ${Math.round((Date.now() - started) / 1000)} s, ${countExtracted(root, wanted)} of ${wanted.length} packages unpacked`);
  }, 10_000);
  // Under `npm run`, npm_execpath is the npm that runs us; otherwise npm from PATH.
  const npm = process.env.npm_execpath;
  const [cmd, args] = npm && /npm-cli\.js$/.test(npm) ? [process.execPath, [npm]] : ['npm', []];
  const code = await run(cmd, [...args, 'ci', '--no-audit', '--no-fund'], {
    // Playwright drives Debian's Chromium (/usr/bin/chromium); its own browser download is never used.
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
    NEXT_TELEMETRY_DISABLED: '1',
  });
  clearInterval(ticker);
  if (code !== 0) fail(`\`npm ci\` failed (exit ${code}); fix what it says above, then run the command again.`);
  say(`npm packages installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** The Go toolchain builds the local control plane (cluster/); without it, say what to do. */
export function ensureGo() {
  const r = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    fail(
      'Go is not installed (no `go` on PATH). The local control plane (cluster/) is built from source with Go 1.26:\n' +
        '  install it from https://go.dev/dl/ and put its bin/ on PATH, then run the command again.\n' +
        '  (`npm run demo -- --kubeconfig PATH` uses a cluster of yours instead and needs no Go.)',
    );
  }
  return r.stdout.trim();
}

/**
 * Debian's Chromium for the end-to-end tests. As root it is installed with apt-get (its progress
 * shows); otherwise the exact command is printed and the run stops.
 */
export async function ensureChromium(path) {
  if (existsSync(path)) return;
  if (path !== debianChromium) fail(`TOKENSCOPE_CHROMIUM names ${path}, which does not exist; point it at a Chromium binary, or unset it to use ${debianChromium}.`);
  const command = 'apt-get update && apt-get install -y chromium';
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    fail(
      `The end-to-end tests drive Chromium at ${path}, which is missing.\n` +
        (hasApt ? `  Install it as root:  sudo sh -c '${command}'\n` : `  Install Chromium so that ${path} exists, or point TOKENSCOPE_CHROMIUM at a Chromium binary,\n`) +
        '  then run `npm test` again.',
    );
  }
  say(`installing Debian's Chromium for the end-to-end tests: ${command}`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  const code = (await run('apt-get', ['update'], env)) || (await run('apt-get', ['install', '-y', 'chromium'], env));
  if (code !== 0 || !existsSync(path)) fail(`\`${command}\` failed (exit ${code}); ${path} is still missing.`);
}

function fail(message) {
  console.error(`[setup] ${message}`);
  process.exit(1);
}
