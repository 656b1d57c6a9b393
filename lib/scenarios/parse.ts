import { parseAllDocuments } from 'yaml';
import { AppError } from '@/lib/contracts/errors';
import { type ScenarioStep, checkSteps, scenarioStepSchema } from '@/lib/contracts/scenario-steps';
import {
  type ManifestObject,
  type ScenarioFile,
  isNamespaced,
  manifestObjectSchema,
  scenarioFileSchema,
} from '@/lib/contracts/scenarios';

/** A scenario's manifests, parsed and validated, in apply order. */
export interface Scenario {
  name: string;
  title: string;
  summary: string;
  source?: string;
  namespace: string;
  manifests: { file: string; text: string; objects: ManifestObject[] }[];
  steps: ScenarioStep[];
}

function issueText(issues: { path: PropertyKey[]; message: string }[]): string {
  const issue = issues[0];
  return issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : 'invalid';
}

/** Parses and validates scenario.yaml. Throws `invalid:request` naming the file and the field. */
export function parseScenarioIndex(name: string, text: string): ScenarioFile {
  const docs = parseAllDocuments(text);
  const first = docs[0];
  if (!first || first.errors.length > 0) {
    throw new AppError('invalid:request', `scenarios/${name}/scenario.yaml is not valid YAML${first?.errors[0] ? `: ${first.errors[0].message}` : ''}.`);
  }
  const parsed = scenarioFileSchema.safeParse(first.toJS());
  if (!parsed.success) throw new AppError('invalid:request', `scenarios/${name}/scenario.yaml: ${issueText(parsed.error.issues)}.`);
  return parsed.data;
}

function parseSteps(name: string, index: ScenarioFile): ScenarioStep[] {
  const steps = index.steps.map((raw, i) => {
    const parsed = scenarioStepSchema.safeParse(raw);
    if (!parsed.success) {
      throw new AppError('invalid:request', `scenarios/${name}/scenario.yaml step ${i + 1}: ${issueText(parsed.error.issues)}.`);
    }
    return parsed.data;
  });
  const problems = checkSteps(steps, index.manifests);
  if (problems.length > 0) throw new AppError('invalid:request', `scenarios/${name}/scenario.yaml: ${problems.join('; ')}.`);
  return steps;
}

/**
 * Parses the manifest files a scenario.yaml lists. Objects without a namespace get the scenario's
 * namespace (as `kubectl apply` gives them the current one); cluster-scoped objects lose theirs,
 * which the API server would ignore anyway. Throws `invalid:request` naming the file and document.
 */
export function parseScenario(name: string, index: ScenarioFile, files: Record<string, string>): Scenario {
  const manifests = index.manifests.map((file) => {
    const text = files[file] ?? '';
    const objects: ManifestObject[] = [];
    parseAllDocuments(text).forEach((doc, i) => {
      if (doc.errors.length > 0) {
        throw new AppError('invalid:request', `scenarios/${name}/${file} document ${i + 1}: ${doc.errors[0]?.message}`);
      }
      const value: unknown = doc.toJS();
      if (value === null || value === undefined) return;
      const parsed = manifestObjectSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new AppError(
          'invalid:request',
          `scenarios/${name}/${file} document ${i + 1}: ${issue ? `${issue.path.join('.') || 'object'} ${issue.message}` : 'invalid'}.`,
        );
      }
      objects.push(withNamespace(parsed.data, index.namespace));
    });
    if (objects.length === 0) throw new AppError('invalid:request', `scenarios/${name}/${file} holds no objects.`);
    return { file, text, objects };
  });
  return {
    name,
    title: index.title,
    summary: index.summary,
    source: index.source,
    namespace: index.namespace,
    manifests,
    steps: parseSteps(name, index),
  };
}

function withNamespace(o: ManifestObject, namespace: string): ManifestObject {
  const { namespace: ns, ...meta } = o.metadata;
  if (!isNamespaced(o.apiVersion, o.kind)) return { ...o, metadata: meta };
  return { ...o, metadata: { ...meta, namespace: ns ?? namespace } };
}
