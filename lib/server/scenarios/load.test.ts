import { describe, expect, it } from 'vitest';
import { listScenarioNames, loadScenario } from './load';

describe('shipped scenarios', () => {
  it('are the seed’s two parts and one of our own', async () => {
    expect(await listScenarioNames()).toEqual([
      'bound-revocation',
      'least-privilege',
      'projected-volume',
      'token-request',
    ]);
  });

  it.each(['bound-revocation', 'least-privilege', 'projected-volume', 'token-request'])(
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
});
