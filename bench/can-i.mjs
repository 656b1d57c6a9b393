// Pure helpers of the kubectl comparison (issue 17): reading `kubectl auth can-i --list` tables and
// telling whether two rule lists allow the same requests. No I/O; unit-tested in can-i.test.ts.

const list = (cell) => {
  const inner = cell.trim().replace(/^\[/, '').replace(/\]$/, '').trim();
  return inner ? inner.split(/\s+/) : [];
};

/**
 * Parses the table `kubectl auth can-i --list` prints (tabwriter columns Resources, Non-Resource
 * URLs, Resource Names, Verbs; one resource and group per row, as kubectl breaks rules down) into
 * policy rules { verbs, apiGroups, resources, resourceNames?, nonResourceURLs? }.
 */
export function parseCanIList(text) {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = lines.findIndex((l) => /^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs/.test(l));
  if (header < 0) throw new Error('not a `kubectl auth can-i --list` table');
  const h = lines[header];
  const nr = h.indexOf('Non-Resource URLs');
  const rn = h.indexOf('Resource Names');
  const vb = h.indexOf('Verbs');
  const rules = [];
  for (const line of lines.slice(header + 1)) {
    const resourceCell = line.slice(0, nr).trim();
    const urls = list(line.slice(nr, rn));
    const names = list(line.slice(rn, vb));
    const verbs = list(line.slice(vb));
    if (urls.length > 0) {
      rules.push({ verbs, apiGroups: [], resources: [], nonResourceURLs: urls });
      continue;
    }
    if (!resourceCell) continue;
    // "deployments.apps/scale": resource, then group after the first dot, subresource after the slash.
    const [combined = '', sub] = resourceCell.split(/\/(.*)/s);
    const dot = combined.indexOf('.');
    const resource = dot < 0 ? combined : combined.slice(0, dot);
    const group = dot < 0 ? '' : combined.slice(dot + 1);
    const rule = { verbs, apiGroups: [group], resources: [sub ? `${resource}/${sub}` : resource] };
    if (names.length > 0) rule.resourceNames = names;
    rules.push(rule);
  }
  return rules;
}

const covers = (values, v) => values.includes('*') || values.includes(v);
const urlCovers = (patterns, url) =>
  patterns.some((p) => p === '*' || p === url || (p.endsWith('*') && url.startsWith(p.slice(0, -1))));

function allows(rules, probe) {
  return rules.some((r) => {
    if (!covers(r.verbs ?? [], probe.verb)) return false;
    if (probe.url !== undefined) return urlCovers(r.nonResourceURLs ?? [], probe.url);
    if ((r.nonResourceURLs ?? []).length > 0 && (r.resources ?? []).length === 0) return false;
    if (!covers(r.apiGroups ?? [], probe.group) || !covers(r.resources ?? [], probe.resource)) return false;
    const names = r.resourceNames ?? [];
    return names.length === 0 || (probe.name !== undefined && names.includes(probe.name));
  });
}

/**
 * Compares what two rule lists allow on every request built from the values either names (verbs,
 * groups, resources, resource names and non-resource URLs, plus a value neither names, so that
 * wildcards are tried too). Returns how many probes were tried and those on which the lists differ
 * (`first`: whether the first list allows it).
 */
export function compareRules(a, b) {
  const all = [...a, ...b];
  const values = (key) => [...new Set(all.flatMap((r) => r[key] ?? []).filter((v) => v !== '*'))];
  const verbs = [...values('verbs'), 'zz-verb'];
  const groups = [...values('apiGroups'), 'zz.group'];
  const resources = [...values('resources'), 'zz-resources'];
  const names = [undefined, ...values('resourceNames')];
  const urls = [
    ...values('nonResourceURLs').map((u) => (u.endsWith('*') ? `${u.slice(0, -1)}zz` : u)),
    '/zz-url',
  ];
  const differing = [];
  let probes = 0;
  const check = (probe) => {
    probes++;
    const x = allows(a, probe);
    if (x !== allows(b, probe)) differing.push({ ...probe, first: x, second: !x });
  };
  for (const verb of verbs) {
    for (const url of urls) check({ verb, url });
    for (const group of groups)
      for (const resource of resources) for (const name of names) check({ verb, group, resource, name });
  }
  return { probes, differences: differing.length, differing };
}

/**
 * Tokenscope's effective rules that hold in one namespace: the namespace's own and the cluster-wide
 * ones (namespace null), as the API server's rules review for that namespace lists them.
 */
export function rulesInNamespace(effective, namespace) {
  return effective
    .filter((r) => r.namespace === null || r.namespace === namespace)
    .map(({ verbs, apiGroups, resources, resourceNames, nonResourceURLs }) => ({
      verbs,
      apiGroups,
      resources,
      ...(resourceNames?.length ? { resourceNames } : {}),
      ...(nonResourceURLs?.length ? { nonResourceURLs } : {}),
    }));
}
