import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ScenarioStep } from '@/lib/contracts/scenario-steps';
import { loadScenario } from '../server/scenarios/load';
import { tokenVariable, toStepView } from './step-view';

const base = { explain: '', commands: [] };

describe('step views', () => {
  it('shows an apply step’s own manifest, and the scenario’s commands when it has them', async () => {
    const s = await loadScenario('projected-volume');
    const step = s.steps[3];
    if (!step) throw new Error('step 4 missing');
    const view = toStepView(step, s);
    expect(view.yamlLabel).toBe('03-pod.yaml');
    expect(view.yaml).toContain('expirationSeconds: 600');
    expect(view.commands).toEqual(['kubectl apply -f 03-pod.yaml']);
  });

  it('shows the TokenRequest a mint step sends, with a kubectl line when the scenario gives none', async () => {
    const s = await loadScenario('bound-revocation');
    const mint: ScenarioStep = {
      ...base,
      title: 'Mint',
      do: 'mint',
      serviceAccount: 'reporter',
      expirationSeconds: 3600,
      audiences: ['vault'],
      boundTo: { kind: 'Secret', name: 'session-anchor' },
      actAs: 'adminToken',
      as: 'boundToken',
      expect: 201,
    };
    const view = toStepView(mint, s);
    expect(view.yaml).toMatch(
      /^# POST \/api\/v1\/namespaces\/revocation-demo\/serviceaccounts\/reporter\/token\n/,
    );
    expect(parse(view.yaml)).toEqual({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: {
        audiences: ['vault'],
        expirationSeconds: 3600,
        boundObjectRef: { apiVersion: 'v1', kind: 'Secret', name: 'session-anchor' },
      },
    });
    expect(view.commands).toEqual([
      'kubectl --token="$ADMIN_TOKEN" create token reporter -n revocation-demo --duration=3600s --audience=vault --bound-object-kind=Secret --bound-object-name=session-anchor',
    ]);
  });

  it('derives kubectl lines for the other steps', async () => {
    const s = await loadScenario('projected-volume');
    const view = (step: ScenarioStep) => toStepView(step, s).commands[0];
    expect(
      view({
        ...base,
        title: 't',
        do: 'try',
        token: 'viewerToken',
        request: { verb: 'get', group: 'apps', resource: 'deployments', namespace: 'default', name: 'web' },
        expect: 200,
      }),
    ).toBe('kubectl --token="$VIEWER_TOKEN" get deployments.apps web -n default');
    expect(view({ ...base, title: 't', do: 'project', pod: 'nginx' })).toBe(
      'kubectl exec nginx -n default -- cat /tmp/secrets/service-account-token-as-file',
    );
    expect(view({ ...base, title: 't', do: 'delete', kind: 'ClusterRoleBinding', name: 'b' })).toBe(
      'kubectl delete clusterrolebinding b',
    );
    expect(view({ ...base, title: 't', do: 'teardown' })).toBe(
      'kubectl delete -f 00-sa.yaml -f 01-role.yaml -f 02-cluster-role-binding.yaml -f 03-pod.yaml',
    );
  });

  it('names shell variables after the tokens', () => {
    expect(tokenVariable('viewerToken')).toBe('$VIEWER_TOKEN');
    expect(tokenVariable('pod-viewer')).toBe('$POD_VIEWER');
  });
});

describe('the projected-volume step', () => {
  it('shows the TokenRequest kubelet would send for the pod’s volume', async () => {
    const s = await loadScenario('projected-volume');
    const step = s.steps.find((x) => x.do === 'project');
    if (!step) throw new Error('no project step');
    const view = toStepView(step, s);
    expect(view.yamlLabel).toBe('TokenRequest kubelet sends');
    expect(view.yaml).toContain(
      '# POST /api/v1/namespaces/default/serviceaccounts/service-account-blog/token',
    );
    expect(view.yaml).toContain('# then written to /tmp/secrets/service-account-token-as-file');
    expect(parse(view.yaml).spec).toMatchObject({
      expirationSeconds: 600,
      boundObjectRef: { kind: 'Pod', name: 'nginx' },
    });
  });
});

describe('the teardown step', () => {
  it('lists what it deletes, in reverse order, and says only labelled objects go', async () => {
    const s = await loadScenario('bound-revocation');
    const view = toStepView({ ...base, title: 't', do: 'teardown' }, s);
    expect(view.yamlLabel).toBe('What teardown deletes');
    expect(view.yaml).toContain('tokenscope.dev/scenario=bound-revocation');
    expect(parse(view.yaml).delete).toEqual([
      'Secret revocation-demo/session-anchor',
      'RoleBinding revocation-demo/reporter-lists-pods',
      'Role revocation-demo/pod-lister',
      'ServiceAccount revocation-demo/reporter',
      'Namespace revocation-demo',
    ]);
  });

  it('derives a stale-check step’s commands: the request with the kept token, then the audit log grep', async () => {
    const s = await loadScenario('stale-token');
    const check: ScenarioStep = {
      ...base,
      title: 'Stale?',
      do: 'stale-check',
      token: 'onceToken',
      pod: 'reads-once',
      request: { verb: 'list', group: '', resource: 'pods', namespace: 'stale-token-demo' },
      expect: 'stale',
    };
    const view = toStepView(check, s);
    expect(view.commands).toEqual([
      'kubectl --token="$ONCE_TOKEN" get pods -n stale-token-demo',
      `grep '"authentication.kubernetes.io/pod-name":\\["reads-once"\\]' audit.log | grep -c authentication.k8s.io/stale-token`,
    ]);
    expect(parse(view.yaml)).toMatchObject({ do: 'stale-check', pod: 'reads-once', expect: 'stale' });
  });
});
