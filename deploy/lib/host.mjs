// Host side of deploy/verify-image.mjs: Debian packages, a private dockerd, and a local stand-in for
// node:20-bookworm-slim when Docker Hub cannot be reached.
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/** Runs a command; resolves with its exit code and output (never rejects on a non-zero exit). */
export function run(cmd, args, { env, input, timeoutMs = 0, logFile } = {}) {
  return new Promise((resolve) => {
    const out = logFile ? openSync(logFile, 'a') : 'pipe';
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['pipe', out, out] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c) => {
      stdout += c;
    });
    child.stderr?.on('data', (c) => {
      stderr += c;
    });
    const timer = timeoutMs ? setTimeout(() => child.kill('SIGKILL'), timeoutMs) : undefined;
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: err.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** Installs the Debian packages that are missing; returns their names. */
export async function ensurePackages(names, logFile) {
  const missing = [];
  for (const name of names) {
    const q = await run('dpkg-query', ['-s', name]);
    if (!q.stdout.includes('Status: install ok installed')) missing.push(name);
  }
  if (missing.length === 0) return missing;
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if ((await run('apt-get', ['update', '-qq'], { env, logFile })).code !== 0)
    throw new Error(`apt-get update failed; see ${logFile}`);
  const install = await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    env,
    logFile,
  });
  if (install.code !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed; see ${logFile}`);
  return missing;
}

/** The docker CLI bound to one daemon socket (the legacy builder: no buildx plugin is assumed). */
export function dockerCli(socket) {
  const host = `unix://${socket}`;
  const docker = (args, opts = {}) =>
    run('docker', args, { ...opts, env: { DOCKER_HOST: host, DOCKER_BUILDKIT: '0', ...opts.env } });
  docker.host = host;
  return docker;
}

async function waitReady(docker, child, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until && child.exitCode === null) {
    const info = await docker(['info', '--format', '{{.Driver}}'], { timeoutMs: 5000 });
    if (info.code === 0) return info.stdout.trim();
    await new Promise((r) => setTimeout(r, 500));
  }
  return null;
}

/**
 * Starts a private dockerd (own socket, data and exec roots, so it never meets a system daemon),
 * falling back to the vfs storage driver and then to no iptables when the kernel refuses.
 */
export async function startDockerd({ dataRoot, execRoot, socket, logFile }) {
  const docker = dockerCli(socket);
  if ((await docker(['info'], { timeoutMs: 5000 })).code === 0) {
    return {
      docker,
      started: false,
      driver: 'already running',
      hostNetworkBuild: false,
      stop: async () => {},
    };
  }
  const attempts = [[], ['--storage-driver=vfs'], ['--storage-driver=vfs', '--iptables=false']];
  for (const extra of attempts) {
    const log = openSync(logFile, 'a');
    const args = [
      '--data-root',
      dataRoot,
      '--exec-root',
      execRoot,
      '-H',
      `unix://${socket}`,
      '-p',
      `${execRoot}.pid`,
      ...extra,
    ];
    const child = spawn('dockerd', args, { stdio: ['ignore', log, log] });
    const exited = new Promise((r) => child.on('exit', r));
    const driver = await waitReady(docker, child, 30_000);
    const stop = async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(t);
    };
    if (driver)
      return {
        docker,
        started: true,
        driver,
        flags: extra,
        hostNetworkBuild: extra.includes('--iptables=false'),
        stop,
      };
    await stop();
  }
  throw new Error(`dockerd did not start (tried overlay2, vfs, vfs without iptables); see ${logFile}`);
}

const entrypoint = `#!/bin/sh
set -e
# As in the official image: run with node when the first argument is an option or not a command.
if [ "\${1#-}" != "\${1}" ] || [ -z "$(command -v "\${1}")" ] || { [ -f "\${1}" ] && ! [ -x "\${1}" ]; }; then
  set -- node "$@"
fi
exec "$@"
`;

/**
 * Builds node:20-bookworm-slim the way the official image is laid out — Debian bookworm (minbase,
 * docs stripped), node/npm/npx/corepack under /usr/local, user node (1000), docker-entrypoint.sh —
 * from this machine's own Node 20, and imports it into the daemon under that tag.
 */
export async function importStandIn({ docker, tag, workDir, npmRoot, logFile }) {
  const major = process.versions.node.split('.')[0];
  if (major !== '20')
    throw new Error(`the stand-in needs this machine's node to be 20.x (it is ${process.version})`);
  const rootfs = join(workDir, 'rootfs');
  const partial = `${rootfs}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const boot = await run(
    'debootstrap',
    ['--variant=minbase', 'bookworm', partial, 'http://deb.debian.org/debian'],
    { logFile },
  );
  if (boot.code !== 0) throw new Error(`debootstrap failed; see ${logFile}`);
  for (const dir of [
    'usr/share/doc',
    'usr/share/man',
    'usr/share/info',
    'usr/share/locale',
    'var/lib/apt/lists',
    'var/cache/apt',
  ]) {
    rmSync(join(partial, dir), { recursive: true, force: true });
    mkdirSync(join(partial, dir), { recursive: true });
  }
  const local = join(partial, 'usr/local');
  mkdirSync(join(local, 'lib/node_modules'), { recursive: true });
  cpSync(process.execPath, join(local, 'bin/node'));
  for (const pkg of ['npm', 'corepack'])
    cpSync(join(npmRoot, pkg), join(local, 'lib/node_modules', pkg), { recursive: true });
  symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', join(local, 'bin/npm'));
  symlinkSync('../lib/node_modules/npm/bin/npx-cli.js', join(local, 'bin/npx'));
  symlinkSync('../lib/node_modules/corepack/dist/corepack.js', join(local, 'bin/corepack'));
  symlinkSync('node', join(local, 'bin/nodejs'));
  writeFileSync(join(local, 'bin/docker-entrypoint.sh'), entrypoint, { mode: 0o755 });
  for (const [cmd, ...args] of [
    ['groupadd', '--gid', '1000', 'node'],
    ['useradd', '--uid', '1000', '--gid', 'node', '--shell', '/bin/bash', '--create-home', 'node'],
  ]) {
    if ((await run('chroot', [partial, cmd, ...args], { logFile })).code !== 0)
      throw new Error(`chroot ${cmd} failed; see ${logFile}`);
  }
  const changes = [
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    `ENV NODE_VERSION=${process.versions.node}`,
    `LABEL org.tokenscope.stand-in="debootstrap bookworm minbase + node ${process.version}, npm from ${npmRoot}"`,
    'ENTRYPOINT ["docker-entrypoint.sh"]',
    'CMD ["node"]',
  ];
  // Networks that intercept TLS (this VM's egress proxy) need their CA inside the build stage's npm;
  // the official image would get it the same way, from a derived base.
  const extraCa = process.env.NODE_EXTRA_CA_CERTS;
  if (extraCa && existsSync(extraCa)) {
    mkdirSync(join(local, 'share/ca-certificates'), { recursive: true });
    cpSync(extraCa, join(local, 'share/ca-certificates/extra-ca.pem'));
    changes.push('ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/extra-ca.pem');
  }
  renameSync(partial, rootfs);
  const imported = await new Promise((resolve) => {
    const tar = spawn('tar', ['-C', rootfs, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const imp = spawn('docker', ['import', ...changes.flatMap((c) => ['--change', c]), '-', tag], {
      env: { ...process.env, DOCKER_HOST: docker.host },
      stdio: [tar.stdout, 'ignore', 'inherit'],
    });
    imp.on('close', resolve);
  });
  rmSync(rootfs, { recursive: true, force: true });
  if (imported !== 0) throw new Error('docker import of the stand-in base failed');
  return { extraCa: Boolean(extraCa && existsSync(extraCa)) };
}
