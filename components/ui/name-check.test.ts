import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { namespaceRule, objectNameRule } from '@/lib/k8s/names';
import { nameProblem } from './name-check';

describe('nameProblem', () => {
  it('accepts DNS-1123 names and empty input (empty is "missing", said elsewhere)', () => {
    for (const ok of ['default', 'kube-system', 'a', '0abc9']) expect(nameProblem('namespace', 'N', ok)).toBeNull();
    for (const ok of ['service-account-pod-viewer', 'a.b-c.d', 'x']) expect(nameProblem('object', 'N', ok)).toBeNull();
    expect(nameProblem('namespace', 'N', '')).toBeNull();
  });

  it('names the characters that do not belong, and suggests lowercase when that is all', () => {
    expect(nameProblem('object', 'A ServiceAccount name', 'Pod-Viewer')).toBe(
      'A ServiceAccount name may only contain lowercase letters, digits, “-” and “.”; “Pod-Viewer” has “P”, “V” (try “pod-viewer”).',
    );
    expect(nameProblem('namespace', 'A namespace name', 'my.ns')).toMatch(/“my\.ns” has “\.”\.$/);
  });

  it('explains ends and length', () => {
    expect(nameProblem('namespace', 'A namespace name', '-ns')).toBe(
      'A namespace name must start and end with a letter or digit; “-ns” does not.',
    );
    expect(nameProblem('object', 'A Pod name', 'a..b')).toMatch(/around each “\.”/);
    expect(nameProblem('namespace', 'A namespace name', 'a'.repeat(64))).toBe(
      'A namespace name is 64 characters long; Kubernetes allows at most 63.',
    );
  });

  it('agrees with the rules the server’s schemas use', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'Z', '0', '-', '.', '_', ' '), maxLength: 70 }), (s) => {
        const nsOk = s === '' || (s.length <= namespaceRule.max && namespaceRule.pattern.test(s));
        const objOk = s === '' || (s.length <= objectNameRule.max && objectNameRule.pattern.test(s));
        expect(nameProblem('namespace', 'N', s) === null).toBe(nsOk);
        expect(nameProblem('object', 'N', s) === null).toBe(objOk);
      }),
    );
  });
});
