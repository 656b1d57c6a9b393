// Import boundaries of DESIGN.md that Biome cannot express: which folder may import which, and
// that server modules declare themselves server-only. Exits 1 with one line per violation.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
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

const importRe =
  /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;
// Server-only code is one glob, lib/{kube,server}/**: lib/kube/ (the only importer of
// @kubernetes/client-node, DESIGN.md) and lib/server/ (everything else that runs only on the server).
// The rest of lib/ is isomorphic (the browser may load it): lib/k8s facts, lib/contracts vocabulary,
// lib/rbac engine, lib/tokens and lib/scenarios pure logic, lib/client the browser's API client.
const inServer = (rel) => /^lib\/(kube|server)\//.test(rel);
const isServer = (spec) => spec === 'server-only' || (spec.startsWith('@/') && inServer(spec.slice(2)));
const rules = [
  { from: 'components/', bad: isServer, why: 'components never import server code' },
  {
    from: 'lib/',
    except: inServer,
    bad: isServer,
    why: 'only lib/kube/ and lib/server/ are server code; the rest of lib/ is isomorphic',
  },
  { from: 'lib/rbac/', bad: (s) => s.startsWith('node:'), why: 'lib/rbac is pure (no I/O)' },
  {
    from: 'lib/k8s/',
    bad: (s) => !s.startsWith('./') && !s.startsWith('@/lib/k8s/'),
    why: 'lib/k8s holds isomorphic Kubernetes facts and imports nothing but itself',
  },
  {
    from: 'lib/contracts/',
    bad: (s) => s.startsWith('node:') || (s.startsWith('@/lib/') && !/^@\/lib\/(contracts|k8s)\//.test(s)),
    why: 'lib/contracts is shared vocabulary with no I/O (built on lib/k8s)',
  },
  {
    from: 'lib/',
    bad: (s) => s.startsWith('@/components') || s.startsWith('@/app'),
    why: 'lib never imports components or app',
  },
  {
    from: '',
    bad: (s) => /(^|\/)(test|e2e)\//.test(s) || s.startsWith('@/test') || s.startsWith('@/e2e'),
    why: 'the app never imports test code (the test signer stays in test/)',
  },
  {
    from: '',
    except: (rel) => rel === 'components/ui/cluster-link.tsx',
    bad: (s) => s === 'next/link',
    why: 'in-app links keep the page’s cluster (/c/<cluster>/…): import Link from @/components/ui/cluster-link',
  },
];
// Pure helpers filed with the server code they serve (no I/O, tested without the server-only stub).
const pureHelper = (rel) => /^lib\/(server\/http\/csrf|kube\/warnings)\.ts$/.test(rel);

const problems = [];
for (const dir of ['app', 'components', 'lib']) {
  for (const file of files(join(root, dir))) {
    const rel = relative(root, file);
    const text = readFileSync(file, 'utf8');
    const specs = [...text.matchAll(importRe)].map((m) => m[1] ?? m[2]);
    for (const rule of rules) {
      if (!rel.startsWith(rule.from) || rule.except?.(rel)) continue;
      for (const s of specs) if (rule.bad(s)) problems.push(`${rel}: imports ${s} (${rule.why})`);
    }
    // A GET form's action is an in-app URL too: ClusterForm keeps the page's cluster on it.
    if (/<form\b[^>]*\baction="\//.test(text))
      problems.push(
        `${rel}: <form action="/…"> loses the page’s cluster (use ClusterForm from @/components/ui/cluster-link)`,
      );
    if (
      inServer(rel) &&
      !rel.endsWith('.d.ts') &&
      !pureHelper(rel) &&
      !text.includes("import 'server-only'")
    ) {
      problems.push(`${rel}: server module without import 'server-only'`);
    }
  }
}
// Client code stays zod-free: zod is ~32 kB compressed on every page (bench first-load JS), and a
// schema module keeps it even when only a constant is used, because `z.object(…)` calls are not
// tree-shaken (zod/mini would still add ~7 kB compressed to every page). So a contract the browser
// needs is split: `x.ts` holds its types, rules and words without zod, `x.schema.ts` (or a zod module
// such as tokens.ts) builds the schema on them, `satisfies z.ZodType<X>`. Checked on the import graph, not on a build, so it names the chain and needs no
// build; `import type` / `export type` are erased and do not count (an inline `{ type X }` does:
// with other specifiers, or under verbatimModuleSyntax, the module is still loaded).
const runtimeImportRe =
  /(?:^|\n)\s*(import|export)(\s+type\b)?[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
function runtimeSpecs(text) {
  return [...text.matchAll(runtimeImportRe)].filter((m) => !m[2]).map((m) => m[3] ?? m[4] ?? m[5]);
}
function resolveLocal(fromRel, spec) {
  const base = spec.startsWith('@/')
    ? spec.slice(2)
    : spec.startsWith('.')
      ? join(dirname(fromRel), spec)
      : null;
  if (base === null) return null;
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (/\.(ts|tsx)$/.test(c) && existsSync(join(root, c))) return c;
  }
  return null;
}
const sources = new Map();
const source = (rel) => sources.get(rel) ?? sources.set(rel, readFileSync(join(root, rel), 'utf8')).get(rel);
/** A runtime import chain from `rel` to 'zod' inside the repo, or null (depth-first, cycles cut). */
function zodChain(rel, seen = new Set()) {
  if (seen.has(rel)) return null;
  seen.add(rel);
  for (const s of runtimeSpecs(source(rel))) {
    if (s === 'zod' || s.startsWith('zod/')) return [s];
    const next = resolveLocal(rel, s);
    const sub = next && zodChain(next, seen);
    if (sub) return [next, ...sub];
  }
  return null;
}
const isClient = (rel) =>
  /^(components|lib\/client)\//.test(rel) || /^\s*['"]use client['"]/.test(source(rel));
for (const dir of ['app', 'components', 'lib']) {
  for (const file of files(join(root, dir))) {
    const rel = relative(root, file);
    if (!isClient(rel)) continue;
    for (const s of runtimeSpecs(source(rel))) {
      if (s === 'zod' || s.startsWith('zod/')) {
        problems.push(`${rel}: client code imports ${s}`);
        continue;
      }
      const next = resolveLocal(rel, s);
      // A client module in between is reported on its own line; name only the first non-client hop.
      const chain = next && !isClient(next) ? zodChain(next) : null;
      if (chain)
        problems.push(
          `${rel}: client code loads zod via ${[next, ...chain].join(' → ')} (import a zod-free module, or use import type)`,
        );
    }
  }
}

// The RBAC graph is laid out on the server (issue 17: the drawn graph within 125 kB of first-load
// JavaScript): dagre is imported by graph-layout.ts alone, and no client module loads the two layout
// modules at run time (their types may be imported). They sit beside the view they serve, so
// `import 'server-only'` (which components may not import) is replaced by this rule.
const serverLayout = new Set(['components/rbac/graph-layout.ts', 'components/rbac/graph-drawing.ts']);
for (const dir of ['app', 'components', 'lib']) {
  for (const file of files(join(root, dir))) {
    const rel = relative(root, file);
    for (const s of runtimeSpecs(source(rel))) {
      if (s === '@dagrejs/dagre' && rel !== 'components/rbac/graph-layout.ts')
        problems.push(
          `${rel}: imports @dagrejs/dagre (only components/rbac/graph-layout.ts lays graphs out, on the server)`,
        );
      const next = resolveLocal(rel, s);
      if (
        next &&
        serverLayout.has(next) &&
        !serverLayout.has(rel) &&
        isClient(rel) &&
        !rel.startsWith('app/')
      )
        problems.push(
          `${rel}: client code loads ${next} (the graph layout runs on the server; import its types only)`,
        );
      if (next && serverLayout.has(next) && rel.startsWith('app/') && isClient(rel))
        problems.push(`${rel}: a client page loads ${next} (the graph layout runs on the server)`);
    }
  }
}

if (problems.length) {
  for (const p of problems) console.error(`boundary: ${p}`);
  process.exit(1);
}
// Rules: the import rules above, every lib/server/ module server-only, client code zod-free, the graph layout server-side.
console.log(`boundaries: ok (${rules.length + 3} rules)`);
