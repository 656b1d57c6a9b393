import 'server-only';
import type { ServedResource, ServedResources } from '@/lib/contracts/discovery';
import type { KubeClients } from './clients';
import { rawGet } from './raw';

/** Discovery changes when a CRD or an aggregated API comes or goes: minutes are fresh enough. */
const DISCOVERY_TTL_MS = 60_000;

interface ApiResource {
  name?: unknown;
  namespaced?: unknown;
  verbs?: unknown;
}

let cache: { server: string; at: number; promise: Promise<ServedResources> } | undefined;

function toServed(group: string, body: unknown): ServedResource[] {
  const list = (body as { resources?: unknown } | undefined)?.resources;
  if (!Array.isArray(list)) return [];
  return list.flatMap((r: ApiResource) =>
    typeof r.name === 'string'
      ? [
          {
            group,
            name: r.name,
            namespaced: r.namespaced === true,
            verbs: Array.isArray(r.verbs) ? r.verbs.filter((v): v is string => typeof v === 'string') : [],
          },
        ]
      : [],
  );
}

async function discover(clients: KubeClients): Promise<ServedResources> {
  const [core, groups] = await Promise.all([rawGet(clients, '/api/v1'), rawGet(clients, '/apis')]);
  const versions = ((groups.body as { groups?: unknown } | undefined)?.groups ?? []) as {
    name?: unknown;
    preferredVersion?: { groupVersion?: unknown };
  }[];
  const lists = await Promise.all(
    (Array.isArray(versions) ? versions : []).flatMap((g) => {
      const gv = g.preferredVersion?.groupVersion;
      if (typeof g.name !== 'string' || typeof gv !== 'string') return [];
      const group = g.name;
      // One group failing (an aggregated API that is down) must not hide the others.
      return [rawGet(clients, `/apis/${gv}`).then((r) => (r.status === 200 ? toServed(group, r.body) : []), () => [])];
    }),
  );
  return { resources: [...(core.status === 200 ? toServed('', core.body) : []), ...lists.flat()] };
}

/**
 * The resources and verbs the API server serves, from discovery (every authenticated caller may read
 * it: the system:discovery role), cached for a minute per API server; empty when discovery is refused.
 * Connection failures throw.
 */
export function servedResources(clients: KubeClients): Promise<ServedResources> {
  const now = Date.now();
  if (cache && cache.server === clients.server && now - cache.at < DISCOVERY_TTL_MS) return cache.promise;
  const entry = { server: clients.server, at: now, promise: discover(clients) };
  cache = entry;
  // A failure, or an empty answer (discovery refused to this caller), is not kept for the next one.
  entry.promise.then(
    (r) => {
      if (r.resources.length === 0 && cache === entry) cache = undefined;
    },
    () => {
      if (cache === entry) cache = undefined;
    },
  );
  return entry.promise;
}
