// A process and what it spawned, from Linux /proc (the bench runs here; elsewhere the figures are 0).
import { readdirSync, readFileSync } from 'node:fs';

function children(pid) {
  const out = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    }
  } catch {}
  return out;
}

/** `pid` and its descendants (at most 64). */
export function processTree(pid) {
  const all = [pid];
  for (let i = 0; i < all.length && all.length < 64; i++) all.push(...children(all[i]));
  return all;
}

/** VmRSS summed over `pid` and its descendants, in kB (1024 bytes) as /proc reports it. */
export function treeRssKiB(pid) {
  let kb = 0;
  for (const p of processTree(pid)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {}
  }
  return kb;
}
