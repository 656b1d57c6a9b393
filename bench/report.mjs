// The bench's figures and their outputs: a markdown table on stdout and bench/results/latest.json.
// Targets are never loosened: a miss stays visible with pass=false, a broken section is a failed row.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { root } from '../scripts/lib/cluster.mjs';

export const thousands = (n) => n.toLocaleString('en-US');

/** Runs one vitest 'bench' file with extra env and returns its JSON result file; output only on failure. */
export function vitestBench(file, resultFile, env = {}) {
  const run = spawnSync('npx', ['vitest', 'run', '--project', 'bench', file], {
    cwd: root,
    env: { ...process.env, TOKENSCOPE_LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  if (run.status !== 0) {
    process.stderr.write(`${run.stdout}\n${run.stderr}\n`);
    throw new Error(`${file} failed (exit ${run.status})`);
  }
  return JSON.parse(readFileSync(join(root, resultFile), 'utf8'));
}

function commitOf() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function row(f) {
  const target = f.target === null ? '—' : `${f.cmp === '>=' ? '≥' : '≤'} ${f.target} ${f.unit}`;
  const result = f.failed ? '**failed**' : f.pass === null ? 'reference' : f.pass ? 'pass' : '**miss**';
  return `| ${f.name} | ${f.value ?? '—'} ${f.unit} | ${target} | ${result} |`;
}

/** Collects figures and details for one run. */
export function createReport({ quick, iterations, partial = false }) {
  const started = Date.now();
  const loadBefore = loadavg()[0];
  const figures = [];
  const details = {};
  const say = (m) => console.error(`[bench +${Math.round((Date.now() - started) / 1000)}s] ${m}`);

  /** A figure with a target (`cmp` '<=' or '>='). */
  const fig = (name, value, unit, target, cmp = '<=') =>
    figures.push({
      name,
      value: Math.round(value * 100) / 100,
      unit,
      target,
      cmp,
      pass: cmp === '<=' ? value <= target : value >= target,
    });
  /** A reference figure: a floor or a breakdown, no target. */
  const ref = (name, value, unit) =>
    figures.push({ name, value: Math.round(value * 100) / 100, unit, target: null, cmp: null, pass: null });

  /** A failed row: a part that broke stays in the table with its error. */
  const failed = (name, message) => {
    const why = String(message).split('\n')[0].slice(0, 160);
    figures.push({
      name: `${name}: FAILED (${why})`,
      value: null,
      unit: '',
      target: null,
      cmp: null,
      pass: false,
      failed: true,
    });
  };

  /** Runs a section; a failure becomes a failed row with its error, never a silently shorter table. */
  const section = async (name, fn) => {
    try {
      await fn();
    } catch (err) {
      say(`${name} failed: ${err.stack ?? err}`);
      failed(name, err.message);
    }
  };

  /** Writes latest.json and prints the table; `nextBuildSeconds` is included in the wall time. */
  const finish = ({ nextBuildSeconds }) => {
    const result = {
      figures,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memoryGB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        // The machine is shared: the 1-minute load average before and after says how busy it was.
        loadAverage: { before: loadBefore, after: loadavg()[0] },
      },
      commit: commitOf(),
      quick,
      iterations,
      date: new Date().toISOString(),
      wallSeconds: Math.round((Date.now() - started) / 1000),
      nextBuildSeconds,
      details,
    };
    const file = partial ? 'bench/results/partial.json' : 'bench/results/latest.json';
    writeFileSync(join(root, file), `${JSON.stringify(result, null, 2)}\n`);
    const m = result.machine;
    const build = nextBuildSeconds ? ` (${nextBuildSeconds} s of it next build)` : '';
    console.log(
      ['| figure | measured | target | result |', '|---|---|---|---|', ...figures.map(row)].join('\n'),
    );
    console.log(
      `\n${result.date.slice(0, 10)}, ${m.cpus} × ${m.cpuModel}, ${m.memoryGB} GB, Node ${m.node}, commit ${result.commit}, ` +
        `${quick ? 'quick' : 'full'} run, ${result.wallSeconds} s wall${build}, ` +
        `load average ${m.loadAverage.before.toFixed(1)} → ${m.loadAverage.after.toFixed(1)}`,
    );
  };

  return { say, fig, ref, section, failed, details, finish };
}
