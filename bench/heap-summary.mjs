// What a V8 heap snapshot holds (issue 17: the 100k world's memory), in two tables:
//   node --max-old-space-size=12000 bench/heap-summary.mjs FILE.heapsnapshot
// 1. self size by node type and constructor name (the whole live heap);
// 2. for each object held under a property named like the dashboard's big structures (`store`,
//    `index`, `held`, `known`, `model`, `rows`, …), the size of everything reachable from it without
//    passing through code, closures or contexts — an upper bound of what it keeps alive (structures
//    that share objects count them each).
// A 400 MB snapshot needs a few GB of memory to read.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node --max-old-space-size=12000 bench/heap-summary.mjs FILE.heapsnapshot');
  process.exit(2);
}
const snap = JSON.parse(readFileSync(file, 'utf8'));
const meta = snap.snapshot.meta;
const nf = meta.node_fields;
const nodeTypes = meta.node_types[0];
const ef = meta.edge_fields;
const edgeTypes = meta.edge_types[0];
const F = nf.length;
const E = ef.length;
const [iType, iName, iSize, iEdges] = ['type', 'name', 'self_size', 'edge_count'].map((k) => nf.indexOf(k));
const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((k) => ef.indexOf(k));
const { nodes, edges, strings } = snap;
const N = nodes.length / F;
const firstEdge = new Uint32Array(N + 1);
for (let i = 0, e = 0; i < N; i++) {
  firstEdge[i] = e;
  e += nodes[i * F + iEdges] * E;
}
firstEdge[N] = edges.length;
const typeOf = (i) => nodeTypes[nodes[i * F + iType]];
const nameOf = (i) => strings[nodes[i * F + iName]];
const sizeOf = (i) => nodes[i * F + iSize];
const MB = (b) => (b / 1e6).toFixed(1).padStart(7);

const byKind = new Map();
let total = 0;
for (let i = 0; i < N; i++) {
  const type = typeOf(i);
  const name = /string/.test(type) ? '(string)' : type === 'number' ? '(number)' : nameOf(i);
  const key = `${type}: ${name}`.slice(0, 80);
  const entry = byKind.get(key) ?? { size: 0, count: 0 };
  entry.size += sizeOf(i);
  entry.count++;
  byKind.set(key, entry);
  total += sizeOf(i);
}
console.log(
  `live heap ${MB(total).trim()} MB in ${N.toLocaleString('en-US')} nodes\n\n     MB     count  type: name`,
);
for (const [key, { size, count }] of [...byKind].sort((a, b) => b[1].size - a[1].size).slice(0, 15))
  console.log(`${MB(size)} ${String(count).padStart(9)}  ${key}`);

const names = new Set(['store', 'index', 'held', 'known', 'model', 'rows', 'journal', 'recent', 'cache']);
const skip = new Set(['code', 'closure', 'synthetic', 'native']);
function reachable(root) {
  const seen = new Uint8Array(N);
  const stack = [root];
  seen[root] = 1;
  let size = 0;
  let count = 0;
  while (stack.length) {
    const i = stack.pop();
    size += sizeOf(i);
    count++;
    for (let e = firstEdge[i]; e < firstEdge[i + 1]; e += E) {
      const t = edgeTypes[edges[e + eType]];
      if (t === 'weak' || t === 'shortcut') continue;
      const to = edges[e + eTo] / F;
      if (seen[to]) continue;
      const type = typeOf(to);
      if (skip.has(type) || nameOf(to) === 'system / Context') continue;
      if (type === 'hidden' && !nameOf(to).includes('PropertyArray')) continue;
      seen[to] = 1;
      stack.push(to);
    }
  }
  return { size, count };
}
const rows = [];
for (let i = 0; i < N; i++) {
  if (typeOf(i) !== 'object') continue;
  for (let e = firstEdge[i]; e < firstEdge[i + 1]; e += E) {
    if (edgeTypes[edges[e + eType]] !== 'property') continue;
    const prop = strings[edges[e + eName]];
    if (!names.has(prop)) continue;
    const to = edges[e + eTo] / F;
    const { size, count } = reachable(to);
    if (size > 1e6) rows.push({ size, count, label: `${nameOf(i).slice(0, 30)}.${prop}` });
  }
}
console.log('\n     MB   objects  reachable from (owner.property)');
for (const r of rows.sort((a, b) => b.size - a.size).slice(0, 20))
  console.log(`${MB(r.size)} ${String(r.count).padStart(9)}  ${r.label}`);
