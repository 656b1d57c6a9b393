import type { KubernetesObject } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { slimRbacObject, toVersionedRbacObject } from './rbac-map';

const managedFields = [
  {
    manager: 'kubectl',
    operation: 'Apply',
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:rules': {}, 'f:subjects': {}, 'f:roleRef': {} },
  },
];
const annotations = { 'kubectl.kubernetes.io/last-applied-configuration': '{"big":"json"}'.repeat(50) };

const role = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: {
    name: 'r',
    namespace: 'ns',
    uid: 'u1',
    resourceVersion: '7',
    labels: { a: 'b' },
    managedFields,
    annotations,
  },
  rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['p'] }],
} as KubernetesObject;
const aggregating = {
  kind: 'ClusterRole',
  metadata: { name: 'agg', uid: 'u2', resourceVersion: '8', managedFields },
  aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: 'y' } }] },
  rules: [],
} as KubernetesObject;
const binding = {
  kind: 'RoleBinding',
  metadata: { name: 'b', namespace: 'ns', uid: 'u3', resourceVersion: '9', managedFields, annotations },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
  subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: 'ns' }],
} as KubernetesObject;
const clusterBinding = {
  kind: 'ClusterRoleBinding',
  metadata: { name: 'cb', uid: 'u4', resourceVersion: '10' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'agg' },
} as KubernetesObject;

describe('slimRbacObject', () => {
  it('keeps everything the engine reads: the mapped object and version are the same', () => {
    const cases = [
      ['Role', role],
      ['ClusterRole', aggregating],
      ['RoleBinding', binding],
      ['ClusterRoleBinding', clusterBinding],
    ] as const;
    for (const [kind, o] of cases) {
      expect(toVersionedRbacObject(kind, slimRbacObject(o))).toEqual(toVersionedRbacObject(kind, o));
    }
  });

  it('lets managedFields and annotations go', () => {
    for (const o of [role, binding]) {
      const slim = slimRbacObject(o);
      expect(slim.metadata).not.toHaveProperty('managedFields');
      expect(slim.metadata).not.toHaveProperty('annotations');
      expect(JSON.stringify(slim).length).toBeLessThan(JSON.stringify(o).length / 3);
    }
    expect(slimRbacObject(role).metadata?.labels).toEqual({ a: 'b' });
  });
});
