import { stringify } from 'yaml';
import type { ScenarioStep } from '@/lib/contracts/scenario-steps';
import { SCENARIO_LABEL } from '@/lib/contracts/scenarios';
import type { StepView } from '@/lib/contracts/scenarios-api';
import type { Scenario } from './parse';

/** `viewerToken` → `$VIEWER_TOKEN`: the shell variable a presenter would keep that token in. */
export function tokenVariable(name: string): string {
  return `$${name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toUpperCase()}`;
}

function asToken(name: string | undefined): string {
  return name ? ` --token="${tokenVariable(name)}"` : '';
}

interface ProjectedFile {
  serviceAccount?: string;
  filePath?: string;
  expirationSeconds?: number;
  audience?: string;
}

type PodSpec = {
  serviceAccountName?: string;
  containers?: { volumeMounts?: { name: string; mountPath: string }[] }[];
  volumes?: {
    name: string;
    projected?: {
      sources?: { serviceAccountToken?: { path: string; expirationSeconds?: number; audience?: string } }[];
    };
  }[];
};

/** Where the pod's projected token file is, read from the scenario's own manifest. */
export function projectedFileOf(scenario: Scenario, pod: string): ProjectedFile {
  const object = scenario.manifests
    .flatMap((m) => m.objects)
    .find((o) => o.kind === 'Pod' && o.metadata.name === pod);
  const spec = (object as { spec?: PodSpec } | undefined)?.spec;
  for (const v of spec?.volumes ?? []) {
    const source = v.projected?.sources?.find((s) => s.serviceAccountToken)?.serviceAccountToken;
    if (!source) continue;
    const mount = (spec?.containers ?? [])
      .flatMap((c) => c.volumeMounts ?? [])
      .find((m) => m.name === v.name);
    return {
      serviceAccount: spec?.serviceAccountName ?? 'default',
      filePath: mount ? `${mount.mountPath.replace(/\/$/, '')}/${source.path}` : undefined,
      expirationSeconds: source.expirationSeconds,
      audience: source.audience,
    };
  }
  return {};
}

function defaultCommands(step: ScenarioStep, scenario: Scenario): string[] {
  const ns = (n: string | undefined) => ` -n ${n ?? scenario.namespace}`;
  switch (step.do) {
    case 'apply':
      return [`kubectl apply -f ${step.manifest}`];
    case 'mint': {
      const flags = [
        step.expirationSeconds ? ` --duration=${step.expirationSeconds}s` : '',
        ...(step.audiences ?? []).map((a) => ` --audience=${a}`),
        step.boundTo
          ? ` --bound-object-kind=${step.boundTo.kind} --bound-object-name=${step.boundTo.name}`
          : '',
      ].join('');
      return [
        `kubectl${asToken(step.actAs)} create token ${step.serviceAccount}${ns(step.namespace)}${flags}`,
      ];
    }
    case 'try': {
      const r = step.request;
      const resource = r.group ? `${r.resource}.${r.group}` : r.resource;
      const target = r.verb === 'get' && r.name ? `${resource} ${r.name}` : resource;
      return [`kubectl${asToken(step.token)} get ${target}${r.namespace ? ` -n ${r.namespace}` : ' -A'}`];
    }
    case 'whoami':
      return [`kubectl${asToken(step.token)} auth whoami`];
    case 'delete':
      return [
        `kubectl delete ${step.kind.toLowerCase()} ${step.name}${step.kind.startsWith('Cluster') ? '' : ns(step.namespace)}`,
      ];
    case 'wait-expiry':
      return [`kubectl${asToken(step.token)} auth whoami   # after exp + 60 s: "Unauthorized"`];
    case 'project': {
      const file = projectedFileOf(scenario, step.pod).filePath ?? '/var/run/secrets/tokens/token';
      return [`kubectl exec ${step.pod}${ns(step.namespace)} -- cat ${file}`];
    }
    case 'reread': {
      const project = scenario.steps.find((s) => s.do === 'project' && s.as === step.token);
      const pod = project?.do === 'project' ? project.pod : 'pod';
      const file = projectedFileOf(scenario, pod).filePath ?? '/var/run/secrets/tokens/token';
      return [`${step.token}=$(kubectl exec ${pod} -- cat ${file})`];
    }
    case 'stale-check': {
      const r = step.request;
      const resource = r.group ? `${r.resource}.${r.group}` : r.resource;
      return [
        `kubectl${asToken(step.token)} get ${resource}${r.namespace ? ` -n ${r.namespace}` : ' -A'}`,
        `grep '"authentication.kubernetes.io/pod-name":\\["${step.pod}"\\]' audit.log | grep -c authentication.k8s.io/stale-token`,
      ];
    }
    case 'teardown':
      return [`kubectl delete ${scenario.manifests.map((m) => `-f ${m.file}`).join(' ')}`];
  }
}

function tokenRequestYaml(step: Extract<ScenarioStep, { do: 'mint' }>, scenario: Scenario): string {
  const ns = step.namespace ?? scenario.namespace;
  const body = {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: {
      ...(step.audiences ? { audiences: step.audiences } : {}),
      ...(step.expirationSeconds ? { expirationSeconds: step.expirationSeconds } : {}),
      ...(step.boundTo
        ? { boundObjectRef: { apiVersion: 'v1', kind: step.boundTo.kind, name: step.boundTo.name } }
        : {}),
    },
  };
  return `# POST /api/v1/namespaces/${ns}/serviceaccounts/${step.serviceAccount}/token\n${stringify(body)}`;
}

function kubeletRequestYaml(step: Extract<ScenarioStep, { do: 'project' }>, scenario: Scenario): string {
  const ns = step.namespace ?? scenario.namespace;
  const file = projectedFileOf(scenario, step.pod);
  const body = {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: {
      ...(file.audience ? { audiences: [file.audience] } : {}),
      expirationSeconds: file.expirationSeconds ?? 3600,
      boundObjectRef: {
        apiVersion: 'v1',
        kind: 'Pod',
        name: step.pod,
        uid: '<the pod’s UID, read when the step runs>',
      },
    },
  };
  const sa = file.serviceAccount ?? 'default';
  return `# POST /api/v1/namespaces/${ns}/serviceaccounts/${sa}/token\n# then written to ${file.filePath ?? 'the projected file'}\n${stringify(body)}`;
}

function teardownYaml(scenario: Scenario): string {
  const objects = scenario.manifests
    .flatMap((m) => m.objects)
    .reverse()
    .map((o) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`);
  return [
    `# In this order, each only if it carries the label ${SCENARIO_LABEL}=${scenario.name};`,
    '# first any Role/RoleBinding a "Why denied?" fix added in the namespace.',
    stringify({ delete: objects }),
  ].join('\n');
}

/** The YAML and the hand-run commands the guided view shows for one step. */
export function toStepView(step: ScenarioStep, scenario: Scenario): StepView {
  const commands = step.commands.length > 0 ? step.commands : defaultCommands(step, scenario);
  if (step.do === 'apply') {
    const text = scenario.manifests.find((m) => m.file === step.manifest)?.text ?? '';
    return { yaml: text.replace(/^---\n/, ''), yamlLabel: step.manifest, commands };
  }
  if (step.do === 'mint')
    return { yaml: tokenRequestYaml(step, scenario), yamlLabel: 'TokenRequest', commands };
  if (step.do === 'teardown')
    return { yaml: teardownYaml(scenario), yamlLabel: 'What teardown deletes', commands };
  if (step.do === 'project') {
    return { yaml: kubeletRequestYaml(step, scenario), yamlLabel: 'TokenRequest kubelet sends', commands };
  }
  const { title: _t, explain: _e, commands: _c, ...rest } = step;
  return { yaml: stringify(rest), yamlLabel: 'scenario.yaml step', commands };
}
