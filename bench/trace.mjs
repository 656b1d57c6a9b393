// Where a renderer's main-thread time goes: a Chromium trace of a window, reduced to self time per
// trace event name on the page's main thread, in wall time (dur) and thread CPU time (tdur).

export const timelineCategories = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8',
  'blink.user_timing',
];

function mainThreads(events) {
  return events
    .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`);
}

/** Self time by event name on the busiest renderer main thread of a trace, over `seconds` of wall time. */
export function mainThreadBreakdown(traceJson, seconds) {
  const { traceEvents: events } = JSON.parse(traceJson);
  const byThread = new Map(mainThreads(events).map((k) => [k, []]));
  for (const e of events) {
    if (e.ph !== 'X' || typeof e.dur !== 'number') continue;
    byThread.get(`${e.pid}:${e.tid}`)?.push(e);
  }
  const eventTime = (list) => list.reduce((n, e) => n + e.dur, 0);
  const [, list = []] = [...byThread.entries()].sort((a, b) => eventTime(b[1]) - eventTime(a[1]))[0] ?? [];
  list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  const self = new Map();
  const nodes = list.map((e) => ({ e, child: 0, childCpu: 0, top: false }));
  for (const n of nodes) {
    while (stack.length && stack.at(-1).e.ts + stack.at(-1).e.dur <= n.e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) {
      parent.child += n.e.dur;
      parent.childCpu += n.e.tdur ?? 0;
    } else n.top = true;
    stack.push(n);
  }
  for (const n of nodes) {
    const s = self.get(n.e.name) ?? { wallMs: 0, cpuMs: 0, count: 0 };
    s.wallMs += (n.e.dur - n.child) / 1000;
    s.cpuMs += ((n.e.tdur ?? 0) - n.childCpu) / 1000;
    s.count += 1;
    self.set(n.e.name, s);
  }
  // Outermost events only, so nested task wrappers are not counted twice.
  const tasks = nodes.filter((n) => n.top).map((n) => n.e);
  const round = (x) => Math.round(x * 10) / 10;
  return {
    seconds,
    taskWallMs: round(tasks.reduce((n, e) => n + e.dur, 0) / 1000),
    taskCpuMs: round(tasks.reduce((n, e) => n + (e.tdur ?? 0), 0) / 1000),
    tasks: tasks.length,
    selfByName: [...self.entries()]
      .map(([name, s]) => ({ name, wallMs: round(s.wallMs), cpuMs: round(s.cpuMs), count: s.count }))
      .sort((a, b) => b.wallMs - a.wallMs)
      .slice(0, 15),
  };
}
