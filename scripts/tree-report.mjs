// The shape of the tree, for the layout issue's before/after figures:
//   node scripts/tree-report.mjs [dir]
// per folder: source files (tests counted apart), the largest file in lines; then duplicated blocks:
// runs of six or more significant lines (blank lines, comments, imports and lone punctuation left
// out, white space folded) that stand in two or more places among the source files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url));
const tops = ['app', 'components', 'lib', 'e2e', 'test', 'scripts', 'bench'];
const isSource = (n) => /\.(ts|tsx|mjs|cjs|js)$/.test(n) && !n.endsWith('.d.ts');
const isTest = (rel) => /\.(test|spec)\.tsx?$/.test(rel) || /^(e2e|test)\//.test(rel);

function* walk(dir) {
  let names = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (n === 'node_modules' || n === 'results' || n.startsWith('.')) continue;
    const p = join(dir, n);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (isSource(n)) yield p;
  }
}

const files = tops
  .flatMap((t) => [...walk(join(root, t))])
  .map((p) => relative(root, p).split('\\').join('/'));
const lines = new Map(files.map((f) => [f, readFileSync(join(root, f), 'utf8').split('\n')]));

// Folders: every directory holding files directly, app/ routes folded into app/api and app/(pages).
const folderOf = (f) => {
  if (f.startsWith('app/api/')) return 'app/api';
  if (f.startsWith('app/')) return 'app (pages)';
  const parts = f.split('/');
  return parts.slice(0, -1).join('/') || '.';
};
const folders = new Map();
for (const f of files) {
  const key = folderOf(f);
  const row = folders.get(key) ?? { files: 0, tests: 0, largest: '', largestLines: 0 };
  if (isTest(f) && !/^(e2e|test)\//.test(f)) row.tests++;
  else row.files++;
  const n = lines.get(f)?.length ?? 0;
  // The largest production file (a test beside code does not count; e2e/ and test/ are all tests).
  if ((!isTest(f) || /^(e2e|test)\//.test(f)) && n > row.largestLines)
    Object.assign(row, { largest: f.split('/').pop(), largestLines: n });
  folders.set(key, row);
}
console.log('folder'.padEnd(28), 'files'.padStart(5), 'tests'.padStart(5), '  largest file (lines)');
for (const [k, r] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(
    k.padEnd(28),
    String(r.files).padStart(5),
    String(r.tests).padStart(5),
    `  ${r.largest} (${r.largestLines})`,
  );
}

// Duplicated blocks among production sources (app, components, lib): windows of six significant lines.
const WINDOW = 6;
const significant = (line) => {
  const t = line.trim().replace(/\s+/g, ' ');
  if (!t || t.startsWith('//') || t.startsWith('*') || t.startsWith('/*')) return null;
  if (/^(import|export \{[^}]*\} from|export \* from)\b/.test(t) || /^[{}()[\];,]+$/.test(t)) return null;
  return t;
};
const prod = files.filter((f) => /^(app|components|lib)\//.test(f) && !isTest(f));
const windows = new Map();
const sig = new Map();
for (const f of prod) {
  const s = (lines.get(f) ?? []).map((l, i) => ({ t: significant(l), i })).filter((x) => x.t !== null);
  sig.set(f, s);
  for (let i = 0; i + WINDOW <= s.length; i++) {
    const key = s
      .slice(i, i + WINDOW)
      .map((x) => x.t)
      .join('\n');
    const at = windows.get(key) ?? [];
    at.push({ f, i });
    windows.set(key, at);
  }
}
// A block: a maximal run of consecutive duplicated windows in one file.
const dupStarts = new Map();
for (const at of windows.values()) {
  if (at.length < 2) continue;
  for (const { f, i } of at) (dupStarts.get(f) ?? dupStarts.set(f, new Set()).get(f)).add(i);
}
let blocks = 0;
let dupLines = 0;
const worst = [];
for (const [f, starts] of dupStarts) {
  const sorted = [...starts].sort((a, b) => a - b);
  let runStart = sorted[0];
  let prev = sorted[0];
  const close = (a, b) => {
    blocks++;
    const n = b - a + WINDOW;
    dupLines += n;
    const s = sig.get(f) ?? [];
    worst.push({ f, from: (s[a]?.i ?? 0) + 1, to: (s[b + WINDOW - 1]?.i ?? 0) + 1, n });
  };
  for (const i of sorted.slice(1)) {
    if (i === prev + 1) prev = i;
    else {
      close(runStart, prev);
      runStart = i;
      prev = i;
    }
  }
  close(runStart, prev);
}
const total = prod.reduce((n, f) => n + (sig.get(f)?.length ?? 0), 0);
console.log(
  `\nduplicated blocks (>= ${WINDOW} significant lines, app+components+lib without tests): ${blocks} blocks, ${dupLines} of ${total} significant lines`,
);
for (const w of worst.sort((a, b) => b.n - a.n).slice(0, 10))
  console.log(`  ${w.f}:${w.from}-${w.to} (${w.n} lines)`);
