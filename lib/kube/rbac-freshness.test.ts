import { beforeEach, describe, expect, it, vi } from 'vitest';
import { authorize } from '@/lib/rbac/decide';
import { serviceAccountUser } from '@/lib/rbac/identity';
import type { KubeClients } from './clients';

// The store lives on globalThis (shared across route bundles); each test starts from a fresh one,
// with a freshly loaded module, so that each passes alone and in any order.
let freshness: typeof import('./rbac-freshness');
beforeEach(async () => {
  delete (globalThis as { __tokenscopeRbacLive?: unknown }).__tokenscopeRbacLive;
  vi.resetModules();
  freshness = await import('./rbac-freshness');
});
const liveRbacIndex: typeof freshness.liveRbacIndex = (c) => freshness.liveRbacIndex(c);
const rbacKindListed: typeof freshness.rbacKindListed = (...a) => freshness.rbacKindListed(...a);
const rbacWatchEvent: typeof freshness.rbacWatchEvent = (...a) => freshness.rbacWatchEvent(...a);
const setRbacKindLive: typeof freshness.setRbacKindLive = (...a) => freshness.setRbacKindLive(...a);

// Only the clients' identity matters here: the index answers for the identity the watches run as,
// compared by value (a page's bundle holds another clients object for the same dashboard identity).
const watching = { identity: 'dashboard|https://127.0.0.1:6443|local' } as KubeClients;
const someoneElse = { identity: 'token' } as KubeClients;
const meta = (name: string, resourceVersion: string, namespace?: string) => ({
  name,
  resourceVersion,
  uid: `uid-${name}`,
  ...(namespace ? { namespace } : {}),
});
const reader = {
  metadata: meta('reader', '5'),
  rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
};
const binding = (subject: string, resourceVersion: string) => ({
  metadata: meta('read', resourceVersion, 'a'),
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' },
  subjects: [{ kind: 'ServiceAccount', name: subject, namespace: 'a' }],
});
const allowed = (index = liveRbacIndex(watching)) =>
  index &&
  authorize(index, serviceAccountUser('a', 'sa'), {
    verb: 'get',
    group: '',
    resource: 'pods',
    namespace: 'a',
  }).allowed;

describe('the watch-fed RBAC index', () => {
  it('answers only while every RBAC kind is listed and current, for the identity that watches', () => {
    rbacKindListed('roles', [], watching);
    rbacKindListed('clusterroles', [reader], watching);
    rbacKindListed('rolebindings', [binding('sa', '10')], watching);
    for (const kind of ['roles', 'clusterroles', 'rolebindings'])
      setRbacKindLive(watching.identity, kind, true);
    expect(liveRbacIndex(watching)).toBeUndefined();
    setRbacKindLive(watching.identity, 'clusterrolebindings', true);
    expect(liveRbacIndex(watching)).toBeUndefined();
    rbacKindListed('clusterrolebindings', [], watching);
    expect(allowed()).toBe(true);
    expect(liveRbacIndex(someoneElse)).toBeUndefined();
    // Another clients object for the same dashboard identity (another route bundle's) is served.
    expect(liveRbacIndex({ ...watching } as KubeClients)).toBe(liveRbacIndex(watching));
    setRbacKindLive(watching.identity, 'roles', false);
    expect(liveRbacIndex(watching)).toBeUndefined();
    setRbacKindLive(watching.identity, 'roles', true);
    expect(allowed()).toBe(true);
  });

  /** Every kind listed (the read-pods binding at version 10) and watched: the index is in service. */
  function inService(): void {
    rbacKindListed('roles', [], watching);
    rbacKindListed('clusterroles', [reader], watching);
    rbacKindListed('rolebindings', [binding('sa', '10')], watching);
    rbacKindListed('clusterrolebindings', [], watching);
    for (const kind of ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'])
      setRbacKindLive(watching.identity, kind, true);
    expect(allowed()).toBe(true);
  }

  it('applies each event, ignores older versions, and deletes on a relist diff without the object', () => {
    inService();
    const index = liveRbacIndex(watching);
    rbacWatchEvent(
      watching.identity,
      'rolebindings',
      'MODIFIED',
      meta('read', '12', 'a'),
      binding('other', '12'),
    );
    expect(allowed(index)).toBe(false);
    rbacWatchEvent(
      watching.identity,
      'rolebindings',
      'MODIFIED',
      meta('read', '11', 'a'),
      binding('sa', '11'),
    );
    expect(allowed(index)).toBe(false);
    rbacWatchEvent(
      watching.identity,
      'rolebindings',
      'MODIFIED',
      meta('read', '13', 'a'),
      binding('sa', '13'),
    );
    expect(allowed(index)).toBe(true);
    rbacWatchEvent(watching.identity, 'rolebindings', 'DELETED', meta('read', '13', 'a'));
    expect(allowed(index)).toBe(false);
    expect(liveRbacIndex(watching)).toBe(index);
  });

  it('leaves a kind out of service when an add or change comes without its object', () => {
    inService();
    rbacWatchEvent(watching.identity, 'rolebindings', 'ADDED', meta('read', '20', 'a'));
    expect(liveRbacIndex(watching)).toBeUndefined();
    rbacKindListed('rolebindings', [binding('sa', '21')], watching);
    expect(allowed()).toBe(true);
  });

  it('keeps one index per cluster identity: two clusters watched at once never mix', () => {
    const other = { identity: 'context|https://127.0.0.1:7443|two|abc', context: 'two' } as KubeClients;
    for (const c of [watching, other]) {
      rbacKindListed('roles', [], c);
      rbacKindListed('clusterroles', [reader], c);
      rbacKindListed('clusterrolebindings', [], c);
      for (const kind of ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'])
        setRbacKindLive(c.identity, kind, true);
    }
    rbacKindListed('rolebindings', [binding('sa', '10')], watching);
    rbacKindListed('rolebindings', [binding('nobody', '10')], other);
    expect(allowed(liveRbacIndex(watching))).toBe(true);
    expect(allowed(liveRbacIndex(other))).toBe(false);
    rbacWatchEvent(other.identity, 'rolebindings', 'MODIFIED', meta('read', '11', 'a'), binding('sa', '11'));
    expect(allowed(liveRbacIndex(other))).toBe(true);
    freshness.forgetRbacLive(other.identity);
    expect(liveRbacIndex(other)).toBeUndefined();
    expect(allowed(liveRbacIndex(watching))).toBe(true);
  });
});
