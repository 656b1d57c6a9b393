import { parseAllDocuments } from 'yaml';
import { AppError } from '@/lib/contracts/errors';
import { type ManifestObject, type ScenarioFile, isNamespaced, manifestObjectSchema } from '@/lib/contracts/scenarios';

/** A scenario's manifests, parsed and validated, in apply order. */
export interface Scenario {
  name: string;
  title: string;
  summary: string;
  source?: string;
  namespace: string;
  manifests: { file: string; text: string; objects: ManifestObject[] }[];
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
  };
}

function withNamespace(o: ManifestObject, namespace: string): ManifestObject {
  const { namespace: ns, ...meta } = o.metadata;
  if (!isNamespaced(o.apiVersion, o.kind)) return { ...o, metadata: meta };
  return { ...o, metadata: { ...meta, namespace: ns ?? namespace } };
}
