import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterApiUrl, clusterHref, pathWithoutCluster, splitClusterPath } from './cluster-path';
import { CLUSTER_NAME_MAX, clusterNameOf, clusterSlug } from './cluster-slug';

describe('the URL form of a context name', () => {
  it.each([
    ['kind-local', 'kind-local'],
    ['gke_my-project_europe-west1-b_prod', 'gke_my-project_europe-west1-b_prod'],
    [
      'arn:aws:eks:us-east-1:123456789012:cluster/prod',
      'arn~3Aaws~3Aeks~3Aus-east-1~3A123456789012~3Acluster~2Fprod',
    ],
    ['my cluster', 'my~20cluster'],
    ['admin@prod', 'admin~40prod'],
    ['a~b%2F?#&=+', 'a~7Eb~252F~3F~23~26~3D~2B'],
    ['ünïcødé 集群', '~C3~BCn~C3~AFc~C3~B8d~C3~A9~20~E9~9B~86~E7~BE~A4'],
    ['.', '~2E'],
    ['..', '~2E~2E'],
    ['.hidden', '.hidden'],
  ])('%s ↔ %s', (name, slug) => {
    expect(clusterSlug(name)).toBe(slug);
    expect(clusterNameOf(slug)).toBe(name);
    // Safe in a path segment and a query value as it is: nothing to encode, nothing a router decodes.
    expect(encodeURIComponent(slug)).toBe(slug);
  });

  it('round-trips any name, and only the canonical form decodes', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80, unit: 'binary' }), (name) => {
        const slug = clusterSlug(name);
        expect(/^(?:[A-Za-z0-9._-]|~[0-9A-F]{2})+$/.test(slug)).toBe(true);
        expect(clusterNameOf(slug)).toBe(name);
      }),
    );
  });

  it.each([
    ['', 'empty'],
    ['a~3a', 'lower-case hex'],
    ['~61', 'an escaped letter (not canonical)'],
    ['a%20b', 'percent-encoding'],
    ['a/b', 'a slash'],
    ['~FF', 'not UTF-8'],
    ['.', 'a bare dot'],
    ['~2', 'a cut escape'],
    ['x'.repeat(CLUSTER_NAME_MAX + 1), 'too long'],
  ])('refuses %s (%s)', (slug) => {
    expect(clusterNameOf(slug)).toBeUndefined();
  });
});

describe('cluster paths', () => {
  it('splits /c/<cluster>/… and leaves other paths alone', () => {
    expect(splitClusterPath('/c/prod/serviceaccounts/ns/name')).toEqual({
      slug: 'prod',
      rest: '/serviceaccounts/ns/name',
    });
    expect(splitClusterPath('/c/prod')).toEqual({ slug: 'prod', rest: '/' });
    expect(splitClusterPath('/c/prod/')).toEqual({ slug: 'prod', rest: '/' });
    expect(splitClusterPath('/c/')).toBeNull();
    expect(splitClusterPath('/clusters')).toBeNull();
    expect(pathWithoutCluster('/c/a~20b/rbac/who-can')).toBe('/rbac/who-can');
    expect(pathWithoutCluster('/rbac')).toBe('/rbac');
  });

  it('keeps in-app hrefs on the cluster, and nothing else', () => {
    expect(clusterHref('prod', '/rbac?namespace=a#hygiene')).toBe('/c/prod/rbac?namespace=a#hygiene');
    expect(clusterHref('prod', '/')).toBe('/c/prod');
    expect(clusterHref('prod', '/?x=1')).toBe('/c/prod?x=1');
    expect(clusterHref('prod', '/c/other/rbac')).toBe('/c/other/rbac');
    expect(clusterHref('prod', '?step=2')).toBe('?step=2');
    expect(clusterHref('prod', '#main')).toBe('#main');
    expect(clusterHref('prod', '//evil.example/x')).toBe('//evil.example/x');
    expect(clusterHref('prod', 'https://kubernetes.io/docs')).toBe('https://kubernetes.io/docs');
    expect(clusterHref('prod', '/api/tokens')).toBe('/api/tokens');
    expect(clusterHref(undefined, '/rbac')).toBe('/rbac');
  });

  it('names the cluster on API URLs with ?cluster=', () => {
    expect(clusterApiUrl('a~20b', '/api/tokens')).toBe('/api/tokens?cluster=a~20b');
    expect(clusterApiUrl('prod', '/api/events?after=3')).toBe('/api/events?after=3&cluster=prod');
    expect(clusterApiUrl(undefined, '/api/events?after=3')).toBe('/api/events?after=3');
    expect(
      new URL(clusterApiUrl(clusterSlug('arn:aws:eks:x:1:cluster/p'), '/api/x'), 'http://h').searchParams.get(
        'cluster',
      ),
    ).toBe('arn~3Aaws~3Aeks~3Ax~3A1~3Acluster~2Fp');
  });
});
