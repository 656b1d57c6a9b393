// A watch-fed index must answer exactly like one built from scratch from the objects it ends up with,
// whatever sequence of changes, stale replays and relists brought it there.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { materializeAggregation, rulesEqual } from './aggregate';
import { authorize } from './decide';
import { type WatchOp, watchOpArb } from '@/test/support/rbac/generate-changes';
import { serviceAccountUser } from './identity';
import { bindingsFor, effectivePermissions } from './permissions';
import { buildRbacIndex, type RbacIndex } from './rbac-index';
import {
  applyRbacChange,
  emptyRbacStore,
  type ObjectVersion,
  type RbacObjectKind,
  type RbacStore,
  rbacObjectsOf,
  refOf,
  replaceRbacKind,
} from './rbac-store';
import type { Binding, PolicyRule, RbacObjects, RequestAttributes, Role, UserInfo } from './types';
import { tokenMinters, whoCan } from './who-can';

interface Held {
  object: Role | Binding;
  version: ObjectVersion;
}

const keyOf = (o: Role | Binding): string => JSON.stringify(refOf(o));

/** Plays the ops against a store and against a plain map of the objects the cluster holds. */
function play(ops: readonly WatchOp[]): { store: RbacStore; truth: Map<string, Held> } {
  const store = emptyRbacStore();
  const truth = new Map<string, Held>();
  const history: Held[] = [];
  let revision = 100;
  let uids = 0;
  const stale = new Set<RbacObjectKind>();
  const write = (object: Role | Binding, missed = false) => {
    const before = truth.get(keyOf(object));
    const held = {
      object,
      version: { uid: before?.version.uid ?? `u${++uids}`, resourceVersion: String(++revision) },
    };
    truth.set(keyOf(object), held);
    history.push(held);
    if (missed) stale.add(object.kind);
    else applyRbacChange(store, { type: before ? 'MODIFIED' : 'ADDED', ...held });
  };
  const relist = (kind: RbacObjectKind) => {
    replaceRbacKind(
      store,
      kind,
      [...truth.values()].filter((h) => h.object.kind === kind),
    );
    stale.delete(kind);
  };
  for (const op of ops) {
    if (op.op === 'put') write(op.object, op.missed);
    if (op.op === 'aggregate') {
      // The aggregation controller's writes, which reach the index as ClusterRole events of their own.
      const clusterRoles = [...truth.values()].flatMap((h) =>
        h.object.kind === 'ClusterRole' ? [h.object] : [],
      );
      for (const role of materializeAggregation(clusterRoles as Role[])) {
        const stored = truth.get(keyOf(role))?.object as Role;
        const same =
          stored.rules.length === role.rules.length &&
          stored.rules.every((r, i) => rulesEqual(r, role.rules[i] as PolicyRule));
        if (!same) write(role);
      }
    }
    const held = [...truth.values()];
    if (op.op === 'delete' && held.length > 0) {
      const victim = held[op.pick % held.length] as Held;
      truth.delete(keyOf(victim.object));
      const ref = refOf(victim.object);
      const deletedAt = String(++revision);
      const version = op.lastSeen ? victim.version : { ...victim.version, resourceVersion: deletedAt };
      if (op.missed) stale.add(ref.kind);
      else applyRbacChange(store, { type: 'DELETED', ref, version });
    }
    if (op.op === 'replay' && history.length > 0) {
      // A stale event for an object still held: it must not take the object back to that version.
      const old = history[op.pick % history.length] as Held;
      if (truth.has(keyOf(old.object))) applyRbacChange(store, { type: 'MODIFIED', ...old });
      const gone = truth.get(keyOf(old.object));
      if (gone && gone !== old)
        applyRbacChange(store, { type: 'DELETED', ref: refOf(old.object), version: old.version });
    }
    if (op.op === 'relist') relist(op.kind);
  }
  // A watch that missed events relists (410 Gone) before it vouches for its kind again.
  for (const kind of [...stale]) relist(kind);
  return { store, truth };
}

function fromScratch(truth: Map<string, Held>): RbacIndex {
  const objects: RbacObjects = { roles: [], clusterRoles: [], roleBindings: [], clusterRoleBindings: [] };
  const lists = {
    Role: objects.roles,
    ClusterRole: objects.clusterRoles,
    RoleBinding: objects.roleBindings,
    ClusterRoleBinding: objects.clusterRoleBindings,
  };
  for (const { object } of truth.values()) (lists[object.kind] as (Role | Binding)[]).push(object);
  return buildRbacIndex(objects);
}

const USERS: UserInfo[] = [
  serviceAccountUser('a', 'x'),
  serviceAccountUser('b', 'y'),
  { username: 'alice', groups: ['devs', 'system:authenticated'] },
  { username: 'bob', groups: ['system:authenticated'] },
];

const REQUESTS: RequestAttributes[] = [
  { verb: 'get', group: '', resource: 'pods', namespace: 'a', name: 'web' },
  { verb: 'list', group: '', resource: 'pods', namespace: 'b' },
  {
    verb: 'create',
    group: '',
    resource: 'serviceaccounts',
    subresource: 'token',
    namespace: 'a',
    name: 'web',
  },
  { verb: 'get', group: '', resource: 'secrets' },
  { verb: 'list', group: 'apps', resource: 'deployments', namespace: 'a' },
  { verb: 'delete', group: 'apps', resource: 'deployments', namespace: 'b', name: 'db' },
  { verb: 'get', path: '/healthz' },
];

// Order among bindings is informer order upstream, which no client can rely on: compare as sets.
const sorted = <T>(items: readonly T[]): string[] => items.map((i) => JSON.stringify(i)).sort();
const sortedLists = (rule: object): object =>
  Object.fromEntries(Object.entries(rule).map(([k, v]) => [k, Array.isArray(v) ? sorted(v) : v]));

function answers(index: RbacIndex): unknown {
  return {
    permissions: USERS.map((u) => sorted(effectivePermissions(index, u).rules.map(sortedLists))),
    bindings: USERS.map((u) => sorted(bindingsFor(index, u))),
    decisions: USERS.map((u) => REQUESTS.map((r) => authorize(index, u, r).allowed)),
    whoCan: REQUESTS.map((r) => sorted(whoCan(index, r).map(sortedLists))),
    minters: sorted(tokenMinters(index).map((m) => ({ ...m, scopes: sorted(m.scopes.map(sortedLists)) }))),
  };
}

describe('incremental index', () => {
  it('answers like an index built from scratch from the final objects', () => {
    fc.assert(
      fc.property(fc.array(watchOpArb, { maxLength: 60 }), (ops) => {
        const { store, truth } = play(ops);
        expect(answers(store.index)).toEqual(answers(fromScratch(truth)));
        const objects = rbacObjectsOf(store.index);
        const held = [
          ...objects.roles,
          ...objects.clusterRoles,
          ...objects.roleBindings,
          ...objects.clusterRoleBindings,
        ];
        expect(sorted(held)).toEqual(sorted([...truth.values()].map((h) => h.object)));
      }),
      { numRuns: 300 },
    );
  });
});
