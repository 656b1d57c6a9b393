import { describe, expect, it } from 'vitest';
import { toPodTokenMounts } from './serviceaccount-pods';

describe('toPodTokenMounts', () => {
  it('keeps only volumes with serviceAccountToken sources, defaulting a missing lifetime to 3600 s', () => {
    const pod = toPodTokenMounts({
      metadata: { name: 'p', namespace: 'ns' },
      spec: {
        containers: [
          {
            name: 'c',
            volumeMounts: [
              {
                name: 'kube-api-access-abcde',
                mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
                readOnly: true,
              },
            ],
          },
        ],
        volumes: [
          { name: 'cfg', configMap: { name: 'x' } },
          {
            name: 'kube-api-access-abcde',
            projected: {
              sources: [
                { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
                { configMap: { name: 'kube-root-ca.crt' } },
              ],
            },
          },
          {
            name: 'plain',
            projected: { sources: [{ serviceAccountToken: { path: 't', audience: 'vault' } }] },
          },
        ],
      },
    });
    expect(pod.phase).toBe('Unknown');
    expect(pod.volumes.map((v) => [v.name, v.isDefault, v.mounts.length])).toEqual([
      ['kube-api-access-abcde', true, 1],
      ['plain', false, 0],
    ]);
    expect(pod.volumes[0]?.tokens[0]).toEqual({
      path: 'token',
      expirationSeconds: 3607,
      refreshAfterSeconds: 2886,
      extendedExpiry: true,
    });
    expect(pod.volumes[1]?.tokens[0]).toEqual({
      path: 't',
      audience: 'vault',
      expirationSeconds: 3600,
      refreshAfterSeconds: 2880,
      extendedExpiry: false,
    });
  });
});
