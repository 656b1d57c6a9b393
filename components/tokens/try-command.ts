import type { TryRequest } from '@/lib/contracts/tokens';
import { findResource } from '@/lib/k8s/resources';
import { checkTryRequest } from '@/lib/contracts/try-request';

// "Try it" requests are written the way a presenter would type them for kubectl:
// `list pods -n default`, `get sa default`, `list deployments.apps -A`, `get secrets/db-creds`.

const versionRe = /^v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;

/** Whether `resource` in `group` lives outside namespaces (nodes, namespaces, cluster roles…). */
export function isClusterScoped(resource: string, group: string): boolean {
  return findResource(resource, group)?.namespaced === false;
}

export type ParsedTry = { ok: true; request: TryRequest } | { ok: false; error: string };

/**
 * Parses `get|list <resource>[.<version>][.<group>][/<name>] [<name>] [-n <ns>|-A]`; `get` without a
 * name lists (as kubectl does), and namespaced resources default to `defaultNamespace`.
 */
export function parseTryCommand(text: string, defaultNamespace: string | undefined): ParsedTry {
  const words = text
    .trim()
    .replace(/^kubectl\s+/, '')
    .split(/\s+/)
    .filter(Boolean);
  let namespace: string | undefined;
  let allNamespaces = false;
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? '';
    if (w === '-A' || w === '--all-namespaces') allNamespaces = true;
    else if (w === '-n' || w === '--namespace') {
      namespace = words[++i];
      if (!namespace) return { ok: false, error: `${w} needs a namespace` };
    } else if (w.startsWith('--namespace=')) namespace = w.slice('--namespace='.length);
    else if (w.startsWith('-')) return { ok: false, error: `unknown option ${w}` };
    else rest.push(w);
  }
  const [verbWord, target, extraName, ...extra] = rest;
  if (verbWord !== 'get' && verbWord !== 'list') return { ok: false, error: 'start with get or list' };
  if (!target) return { ok: false, error: 'name a resource, for example: list pods' };
  if (extra.length > 0) return { ok: false, error: `unexpected ${extra.join(' ')}` };

  const [typePart = '', slashName, ...moreSlash] = target.split('/');
  if (moreSlash.length > 0) return { ok: false, error: 'use resource/name with a single slash' };
  if (slashName !== undefined && extraName !== undefined) return { ok: false, error: 'give the name once' };
  const name = slashName ?? extraName;
  const [first = '', ...dotted] = typePart.toLowerCase().split('.');
  let version: string | undefined;
  if (dotted[0] && versionRe.test(dotted[0])) version = dotted.shift();
  const typedGroup = dotted.length > 0 ? dotted.join('.') : undefined;
  const hit = findResource(first, typedGroup);
  const resource = hit?.resource ?? first;
  const group = typedGroup ?? hit?.group ?? '';
  if (verbWord === 'list' && name)
    return { ok: false, error: 'list takes no name; use get <resource> <name>' };
  if (allNamespaces && name) return { ok: false, error: 'a single object needs a namespace, not -A' };

  const clusterScoped = hit?.namespaced === false;
  const request: TryRequest = {
    verb: name ? 'get' : 'list',
    group,
    ...(version ? { version } : {}),
    resource,
    ...(clusterScoped || allNamespaces ? {} : { namespace: namespace ?? defaultNamespace }),
    ...(name ? { name } : {}),
  };
  if (clusterScoped && namespace) return { ok: false, error: `${resource} are not namespaced` };
  return checkTryRequest(request);
}

/** The request written back as the command parseTryCommand reads. */
export function formatTryCommand(r: TryRequest): string {
  const type = [r.resource, r.version, r.group].filter(Boolean).join('.');
  const target = r.name ? `${type}/${r.name}` : type;
  const scope = r.namespace ? ` -n ${r.namespace}` : isClusterScoped(r.resource, r.group) ? '' : ' -A';
  return `${r.verb} ${target}${scope}`;
}

/** A short human description: "list pods in default", "get serviceaccounts/x in default", "list nodes". */
export function describeTry(r: TryRequest): string {
  const type = r.group ? `${r.resource}.${r.group}` : r.resource;
  const what = r.name ? `${r.verb} ${type}/${r.name}` : `${r.verb} ${type}`;
  if (r.namespace) return `${what} in ${r.namespace}`;
  return isClusterScoped(r.resource, r.group) ? what : `${what} in all namespaces`;
}

/** The request menu offered for a token: its own namespace first, then cluster-wide reads. */
export function tryPresets(namespace: string, serviceAccount?: string): string[] {
  return [
    `list pods -n ${namespace}`,
    `list serviceaccounts -n ${namespace}`,
    ...(serviceAccount ? [`get serviceaccounts/${serviceAccount} -n ${namespace}`] : []),
    `list secrets -n ${namespace}`,
    `list configmaps -n ${namespace}`,
    `list deployments.apps -n ${namespace}`,
    `list roles.rbac.authorization.k8s.io -n ${namespace}`,
    'list pods -A',
    'list namespaces',
    'list nodes',
  ];
}
