import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/contracts/errors';
import { parseScenario, parseScenarioIndex } from './parse';

const index = (extra = '') => `title: T\nsummary: S\nnamespace: demo\nmanifests: [a.yaml]\n${extra}`;
const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: viewer\n';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) {
      expect(err.code).toBe('invalid:request');
      return err.detail;
    }
    throw err;
  }
  throw new Error('expected a refusal');
}

function load(indexText: string, files: Record<string, string> = { 'a.yaml': sa }) {
  return parseScenario('demo', parseScenarioIndex('demo', indexText), files);
}

describe('scenario loader', () => {
  it('loads a scenario, defaulting namespaces and dropping them from cluster-scoped objects', () => {
    const s = load(index(), {
      'a.yaml': `${sa}---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: r\n  namespace: x\nrules: []\n`,
    });
    expect(s.manifests[0]?.objects.map((o) => o.metadata.namespace)).toEqual(['demo', undefined]);
    expect(s.steps).toEqual([]);
  });

  it.each([
    ['not YAML', 'title: [unclosed', 'not valid YAML'],
    ['a missing title', 'summary: S\nmanifests: [a.yaml]', 'title'],
    [
      'a manifest that is not yaml',
      'title: T\nsummary: S\nmanifests: [a.json]',
      'manifests.0: must be a .yaml file',
    ],
    [
      'a bad namespace',
      'title: T\nsummary: S\nnamespace: Not_OK\nmanifests: [a.yaml]',
      'namespace: must be a lowercase DNS-1123 label',
    ],
  ])('refuses scenario.yaml with %s', (_what, text, message) => {
    expect(refusal(() => parseScenarioIndex('demo', text))).toContain(message);
  });

  it.each([
    [
      'a kind outside the allowlist',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n',
      'kind must be one of',
    ],
    [
      'a name that is not DNS-1123',
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: Bad_Name\n',
      'metadata.name',
    ],
    ['no objects', '# nothing\n', 'holds no objects'],
    ['broken YAML', 'apiVersion: v1\nkind: [\n', 'document 1'],
  ])('refuses a manifest with %s, naming the file', (_what, text, message) => {
    const detail = refusal(() => load(index(), { 'a.yaml': text }));
    expect(detail).toContain('scenarios/demo/a.yaml');
    expect(detail).toContain(message);
  });

  it('parses steps and refuses malformed ones with their number', () => {
    const ok = load(
      index(
        'steps:\n  - { title: Apply, do: apply, manifest: a.yaml }\n  - { title: Mint, do: mint, serviceAccount: viewer, as: t }\n  - { title: Try, do: try, token: t, request: { verb: list, resource: pods }, expect: 200 }\n',
      ),
    );
    expect(ok.steps.map((s) => s.do)).toEqual(['apply', 'mint', 'try']);
    expect(refusal(() => load(index('steps:\n  - { title: X, do: fly }\n')))).toContain('step 1');
    expect(
      refusal(() =>
        load(
          index(
            'steps:\n  - { title: Try, do: try, token: nope, request: { verb: list, resource: pods }, expect: 200 }\n',
          ),
        ),
      ),
    ).toContain('uses token "nope", which no earlier step mints');
    expect(
      refusal(() => load(index('steps:\n  - { title: A, do: apply, manifest: other.yaml }\n'))),
    ).toContain('not in the scenario');
  });

  it('parses stale-check steps: a projected pod, a named token, stale or fresh', () => {
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers: [{ name: c, image: i }]\n';
    const project = '  - { title: P, do: project, pod: app, as: appToken }\n';
    const check = (extra: string) =>
      `  - { title: S, do: stale-check, token: appToken, pod: app, request: { verb: list, resource: pods }${extra} }\n`;
    const ok = load(index(`steps:\n${project}${check(', expect: stale')}`), { 'a.yaml': pod });
    expect(ok.steps[1]).toMatchObject({ do: 'stale-check', pod: 'app', token: 'appToken', expect: 'stale' });
    expect(refusal(() => load(index(`steps:\n${project}${check('')}`), { 'a.yaml': pod }))).toContain(
      'step 2: expect',
    );
    expect(
      refusal(() => load(index(`steps:\n${project}${check(', expect: maybe')}`), { 'a.yaml': pod })),
    ).toContain('step 2: expect');
    expect(
      refusal(() =>
        load(
          index(
            `steps:\n  - { title: M, do: mint, serviceAccount: viewer, as: appToken }\n${check(', expect: fresh')}`,
          ),
          {
            'a.yaml': pod,
          },
        ),
      ),
    ).toContain('looks for stale tokens of pod "app", which no earlier project step projects');
    expect(
      refusal(() => load(index(`steps:\n${check(', expect: fresh')}${project}`), { 'a.yaml': pod })),
    ).toContain('uses token "appToken", which no earlier step mints');
  });
});
