import { describe, expect, it } from 'vitest';
import { listScenarioNames, loadScenario } from './load';

describe('shipped scenarios', () => {
  it('are the seed’s two parts and our own', async () => {
    expect(await listScenarioNames()).toEqual([
      'bound-revocation',
      'least-privilege',
      'projected-volume',
      'stale-token',
      'token-request',
    ]);
  });

  it.each(['bound-revocation', 'least-privilege', 'projected-volume', 'stale-token', 'token-request'])(
    '%s loads with steps that end in a teardown',
    async (name) => {
      const s = await loadScenario(name);
      expect(s.steps.length).toBeGreaterThan(3);
      expect(s.steps.at(-1)?.do).toBe('teardown');
    },
  );

  it('keeps every name and value of the seed blog', async () => {
    const tr = await loadScenario('token-request');
    const objects = tr.manifests.flatMap((m) => m.objects.map((o) => `${o.kind}/${o.metadata.name}`));
    expect(objects).toEqual([
      'ServiceAccount/service-account-token-requester',
      'ServiceAccount/service-account-pod-viewer',
      'ClusterRole/cluster-role-token-requester-blog',
      'ClusterRole/cluster-role-pod-viewer-blog',
      'ClusterRoleBinding/cluster-role-binding-token-requester-blog',
      'ClusterRoleBinding/cluster-role-binding-pod-viewer-blog',
    ]);
    const pv = await loadScenario('projected-volume');
    const pod = pv.manifests.find((m) => m.file === '03-pod.yaml')?.objects[0] as unknown as {
      spec: {
        volumes: {
          projected: { sources: { serviceAccountToken: { path: string; expirationSeconds: number } }[] };
        }[];
      };
    };
    expect(pod.spec.volumes[0]?.projected.sources[0]?.serviceAccountToken).toEqual({
      path: 'service-account-token-as-file',
      expirationSeconds: 600,
    });
  });

  it('stale-token: two pods of one app with 3607 s projected tokens, one expected stale, one fresh', async () => {
    const s = await loadScenario('stale-token');
    type PodObject = {
      metadata: { name: string };
      spec: {
        serviceAccountName: string;
        volumes: {
          projected: { sources: { serviceAccountToken: { expirationSeconds: number; audience?: string } }[] };
        }[];
      };
    };
    const pods = s.manifests
      .flatMap((m) => m.objects)
      .filter((o) => o.kind === 'Pod') as unknown as PodObject[];
    expect(pods.map((p) => p.metadata.name)).toEqual(['reads-once', 'rereads']);
    for (const p of pods) {
      expect(p.spec.serviceAccountName).toBe('inventory');
      // Exactly 3607 s and no audience: the only request the API server extends with warnafter.
      expect(p.spec.volumes[0]?.projected.sources[0]?.serviceAccountToken).toEqual({
        path: 'token',
        expirationSeconds: 3607,
      });
    }
    const checks = s.steps.filter((x) => x.do === 'stale-check');
    expect(checks.map((c) => [c.pod, c.expect])).toEqual([
      ['reads-once', 'stale'],
      ['rereads', 'fresh'],
    ]);
  });
});
