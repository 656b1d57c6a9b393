// Import boundaries of DESIGN.md that Biome cannot express: which folder may import which, and
// that server modules declare themselves server-only. Exits 1 with one line per violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root } from './lib/cluster.mjs';

function* files(dir) {
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(ts|tsx)$/.test(n) && !/\.test\.tsx?$/.test(n)) yield p;
  }
}

const importRe = /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;
const serverRooms = ['lib/kube/', 'lib/http/', 'lib/env.ts', 'lib/log/logger.ts', 'lib/scenarios/load.ts', 'lib/scenarios/run.ts', 'lib/scenarios/apply.ts'];
const isServer = (spec) => serverRooms.some((r) => spec === `@/${r.replace(/\.ts$/, '')}` || spec.startsWith(`@/${r}`));
const rules = [
  { from: 'components/', bad: (s) => isServer(s) || s === 'server-only', why: 'components never import server code' },
  { from: 'lib/rbac/', bad: (s) => s.startsWith('node:') || s.startsWith('@/lib/kube') || s.startsWith('@/lib/http'), why: 'lib/rbac is pure (no I/O)' },
  { from: 'lib/contracts/', bad: (s) => s.startsWith('node:') || (s.startsWith('@/lib/') && !s.startsWith('@/lib/contracts/')), why: 'lib/contracts is shared vocabulary with no I/O' },
  { from: 'lib/', bad: (s) => s.startsWith('@/components') || s.startsWith('@/app'), why: 'lib never imports components or app' },
  { from: '', bad: (s) => /(^|\/)(test|e2e)\//.test(s) || s.startsWith('@/test') || s.startsWith('@/e2e'), why: 'the app never imports test code (the test signer stays in test/)' },
];

const problems = [];
for (const dir of ['app', 'components', 'lib']) {
  for (const file of files(join(root, dir))) {
    const rel = relative(root, file);
    const text = readFileSync(file, 'utf8');
    const specs = [...text.matchAll(importRe)].map((m) => m[1] ?? m[2]);
    for (const rule of rules) {
      if (!rel.startsWith(rule.from)) continue;
      for (const s of specs) if (rule.bad(s)) problems.push(`${rel}: imports ${s} (${rule.why})`);
    }
    const mustBeServerOnly = serverRooms.some((r) => rel === r || (r.endsWith('/') && rel.startsWith(r) && !rel.endsWith('.d.ts')));
    const pureHelper = /^lib\/(http\/csrf|kube\/warnings)\.ts$/.test(rel);
    if (mustBeServerOnly && !pureHelper && !text.includes("import 'server-only'")) {
      problems.push(`${rel}: server module without import 'server-only'`);
    }
  }
}
if (problems.length) {
  for (const p of problems) console.error(`boundary: ${p}`);
  process.exit(1);
}
console.log('boundaries: ok');
