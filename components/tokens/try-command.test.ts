import { describe, expect, it } from 'vitest';
import { describeTry, formatTryCommand, isClusterScoped, parseTryCommand, tryPresets } from './try-command';

const ok = (text: string, ns: string | undefined = 'default') => {
  const r = parseTryCommand(text, ns);
  if (!r.ok) throw new Error(`expected ${text} to parse: ${r.error}`);
  return r.request;
};
const err = (text: string) => {
  const r = parseTryCommand(text, 'default');
  if (r.ok) throw new Error(`expected ${text} to fail`);
  return r.error;
};

describe('parseTryCommand', () => {
  it('lists pods in the default namespace', () => {
    expect(ok('list pods')).toEqual({ verb: 'list', group: '', resource: 'pods', namespace: 'default' });
  });

  it('reads kubectl spellings: aliases, -n, --namespace=, -A, resource/name, a leading kubectl', () => {
    expect(ok('kubectl get po -n kube-system')).toEqual({
      verb: 'list',
      group: '',
      resource: 'pods',
      namespace: 'kube-system',
    });
    expect(ok('get sa default --namespace=blog')).toEqual({
      verb: 'get',
      group: '',
      resource: 'serviceaccounts',
      namespace: 'blog',
      name: 'default',
    });
    expect(ok('get secrets/db-creds')).toMatchObject({ verb: 'get', resource: 'secrets', name: 'db-creds' });
    expect(ok('list pods -A')).toEqual({ verb: 'list', group: '', resource: 'pods' });
  });

  it('fills in the group of known resources and keeps typed groups and versions', () => {
    expect(ok('list deploy')).toMatchObject({ resource: 'deployments', group: 'apps', namespace: 'default' });
    expect(ok('list deployments.v1.apps')).toMatchObject({
      resource: 'deployments',
      group: 'apps',
      version: 'v1',
    });
    expect(ok('list widgets.example.com')).toMatchObject({ resource: 'widgets', group: 'example.com' });
    expect(ok('list roles.rbac.authorization.k8s.io')).toMatchObject({
      resource: 'roles',
      group: 'rbac.authorization.k8s.io',
    });
  });

  it('never puts cluster-scoped resources in a namespace', () => {
    expect(ok('list nodes')).toEqual({ verb: 'list', group: '', resource: 'nodes' });
    expect(ok('get ns kube-system')).toEqual({
      verb: 'get',
      group: '',
      resource: 'namespaces',
      name: 'kube-system',
    });
    expect(err('list nodes -n default')).toMatch(/not namespaced/);
  });

  it('explains what it cannot read', () => {
    expect(err('')).toMatch(/get or list/);
    expect(err('delete pods')).toMatch(/get or list/);
    expect(err('list')).toMatch(/name a resource/);
    expect(err('list pods x')).toMatch(/list takes no name/);
    expect(err('get pods -n')).toMatch(/needs a namespace/);
    expect(err('get pods -o yaml')).toMatch(/unknown option -o/);
    expect(err('get pods/a b')).toMatch(/once/);
    expect(err('get pods a -A')).toMatch(/needs a namespace/);
    expect(err('list Pods_')).toMatch(/resource/);
  });
});

describe('formatTryCommand and describeTry', () => {
  it('round-trips every preset', () => {
    for (const command of tryPresets('default', 'service-account-pod-viewer')) {
      const request = ok(command);
      expect(formatTryCommand(request)).toBe(command);
      expect(ok(formatTryCommand(request))).toEqual(request);
    }
  });

  it('describes requests in words', () => {
    expect(describeTry(ok('list pods'))).toBe('list pods in default');
    expect(describeTry(ok('list pods -A'))).toBe('list pods in all namespaces');
    expect(describeTry(ok('list nodes'))).toBe('list nodes');
    expect(describeTry(ok('get deploy web'))).toBe('get deployments.apps/web in default');
  });

  it('knows which resources are cluster-scoped', () => {
    expect(isClusterScoped('nodes', '')).toBe(true);
    expect(isClusterScoped('clusterroles', 'rbac.authorization.k8s.io')).toBe(true);
    expect(isClusterScoped('pods', '')).toBe(false);
    expect(isClusterScoped('nodes', 'example.com')).toBe(false);
  });
});
