#!/usr/bin/env node
// Prints the top self-time functions of V8 .cpuprofile files (as written by `node --cpu-prof` or
// TOKENSCOPE_BENCH_CPU_PROFILE in bench/growth-engine.bench.test.ts), so a profile can be kept as
// a few lines of text. Usage: node bench/profile-summary.mjs [--top=N] FILE.cpuprofile...
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const args = process.argv.slice(2);
const top = Number(args.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
const files = args.filter((a) => !a.startsWith('--'));

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // Sample i's duration is timeDeltas[i + 1]; the last sample's is unknown and counted as 0.
  const deltas = profile.timeDeltas ?? [];
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${basename(url.split('?')[0])}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`# ${basename(file)}: ${total.toFixed(0)} ms sampled, top ${top} by self time`);
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${key}`);
  }
  console.log('');
}
