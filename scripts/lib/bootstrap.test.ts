import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staleReason } from './bootstrap.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const lock = {
  lockfileVersion: 3,
  packages: {
    '': { name: 'x' },
    'node_modules/zod': { version: '4.6.7' },
    'node_modules/@biomejs/cli-darwin-arm64': { version: '2.6.8', optional: true },
  },
};

/** A project dir with package-lock.json and, when given, what npm recorded as installed. */
function project(installed?: Record<string, { version: string }>, folders = Object.keys(installed ?? {})): string {
  const root = mkdtempSync(join(tmpdir(), 'bootstrap-'));
  dirs.push(root);
  writeFileSync(join(root, 'package-lock.json'), JSON.stringify(lock));
  if (installed) {
    mkdirSync(join(root, 'node_modules'));
    writeFileSync(join(root, 'node_modules', '.package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: installed }));
    for (const f of folders) mkdirSync(join(root, f), { recursive: true });
  }
  return root;
}

describe('staleReason (when npm run demo / npm test run npm ci first)', () => {
  it('is empty when node_modules matches the lockfile (another platform’s optional packages may be absent)', () => {
    expect(staleReason(project({ 'node_modules/zod': { version: '4.6.7' } }))).toBe('');
  });

  it('names a fresh clone’s missing node_modules', () => {
    expect(staleReason(project())).toBe('node_modules is missing');
  });

  it('names a package installed at another version than the lockfile’s', () => {
    expect(staleReason(project({ 'node_modules/zod': { version: '4.6.6' } }))).toBe('zod is 4.6.6, the lockfile says 4.6.7');
  });

  it('names a package the lockfile added', () => {
    expect(staleReason(project({}))).toBe('zod is not installed');
  });

  it('notices a package folder deleted behind npm’s back', () => {
    expect(staleReason(project({ 'node_modules/zod': { version: '4.6.7' } }, []))).toBe('zod is missing from node_modules');
  });

  it('does not trust a node_modules npm did not install from a lockfile', () => {
    const root = project();
    mkdirSync(join(root, 'node_modules'));
    expect(staleReason(root)).toBe('node_modules was not installed by npm from the lockfile');
  });
});
