/**
 * The smallest namespaced Role and RoleBinding that allow one denied request: exactly its verb, API
 * group, resource (with subresource) and, when the request names an object, that name. Pure: the
 * browser shows the YAML and the server applies the same objects.
 */
import { dangerousGrant } from './dangerous-grants';
import type { Binding, PolicyRule, Role } from './types';

/** A namespaced resource request, as the authorizer saw it (no wildcards). */
export interface GrantAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace: string;
  name?: string;
}

/** The ServiceAccount the grant is for. */
export interface GrantServiceAccount {
  namespace: string;
  name: string;
}

type ObjectMeta = {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
};

// Type aliases, not interfaces, so the objects fit index-signature types such as ManifestObject.
/** rbac.authorization.k8s.io/v1 objects as they are applied (apiVersion/kind/metadata/…). */
export type SuggestedRole = {
  apiVersion: 'rbac.authorization.k8s.io/v1';
  kind: 'Role';
  metadata: ObjectMeta;
  rules: PolicyRule[];
};

export type SuggestedRoleBinding = {
  apiVersion: 'rbac.authorization.k8s.io/v1';
  kind: 'RoleBinding';
  metadata: ObjectMeta;
  subjects: { kind: 'ServiceAccount'; name: string; namespace: string }[];
  roleRef: { apiGroup: 'rbac.authorization.k8s.io'; kind: 'Role'; name: string };
};

export interface SuggestedGrant {
  role: SuggestedRole;
  roleBinding: SuggestedRoleBinding;
  /** Both objects as one YAML stream, ready for `kubectl apply -f -`. */
  yaml: string;
  /** Why Tokenscope will not apply this with one click (a privilege worth a second look), or null. */
  sensitive: string | null;
}

const MAX_NAME = 253;

// FNV-1a: a short, stable suffix that keeps truncated names unique without a crypto dependency.
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The name shared by the Role and its RoleBinding: deterministic, so applying the same fix twice
 * updates one pair instead of piling up copies; a lowercase DNS-1123 subdomain.
 */
export function grantName(sa: GrantServiceAccount, attrs: GrantAttributes): string {
  const parts = [
    'tokenscope-fix',
    sa.name,
    attrs.verb,
    attrs.group,
    attrs.resource,
    attrs.subresource,
    attrs.name,
  ];
  const full = parts
    .filter((p): p is string => !!p)
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (full.length <= MAX_NAME) return full;
  return `${full.slice(0, MAX_NAME - 9).replace(/-+$/, '')}-${shortHash(full)}`;
}

/** The one rule that allows the request and nothing wider. */
export function minimalRule(attrs: GrantAttributes): PolicyRule {
  const rule: PolicyRule = {
    apiGroups: [attrs.group],
    resources: [attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource],
    verbs: [attrs.verb],
  };
  // A name narrows the rule; list, watch and create carry none, so they stay unrestricted.
  if (attrs.name) rule.resourceNames = [attrs.name];
  return rule;
}

/**
 * Why a grant deserves a human's review instead of a click (the table in dangerous-grants.ts): minting
 * tokens, impersonation, escalate/bind, reading Secrets, anything that runs code as a ServiceAccount
 * (pods, their exec/attach/portforward/ephemeral containers, workload controllers, the namespace),
 * and wildcards. Null when none applies.
 */
export function sensitiveGrant(attrs: GrantAttributes): string | null {
  return dangerousGrant(attrs);
}

const plain = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const ambiguous = /^(true|false|yes|no|on|off|null|~|[-+]?[0-9.e]+)$/i;

type Scalar = string | number | boolean;
const isScalar = (v: unknown): v is Scalar => ['string', 'number', 'boolean'].includes(typeof v);

function scalar(value: Scalar): string {
  if (typeof value !== 'string') return String(value);
  return plain.test(value) && !ambiguous.test(value) ? value : JSON.stringify(value);
}

// Lists of scalars in flow style with quotes (`verbs: ["list"]`), as the scenario files write them.
function flow(values: Scalar[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

function mapLines(obj: object, indent: string): string[] {
  const out: string[] = [];
  for (const [key, v] of Object.entries(obj)) {
    if (v === undefined || v === null) continue;
    if (isScalar(v)) out.push(`${indent}${key}: ${scalar(v)}`);
    else if (Array.isArray(v) && v.every(isScalar)) out.push(`${indent}${key}: ${flow(v)}`);
    else if (Array.isArray(v))
      out.push(`${indent}${key}:`, ...v.flatMap((item) => itemLines(item, `${indent}  `)));
    else out.push(`${indent}${key}:`, ...mapLines(v, `${indent}  `));
  }
  return out;
}

function itemLines(item: unknown, indent: string): string[] {
  if (isScalar(item)) return [`${indent}- ${scalar(item)}`];
  if (Array.isArray(item) || typeof item !== 'object' || item === null)
    return [`${indent}- ${JSON.stringify(item)}`];
  const [first = '', ...rest] = mapLines(item, `${indent}  `);
  return [`${indent}- ${first.trimStart()}`, ...rest];
}

/** A small YAML emitter for plain objects: RBAC objects need only maps, lists and strings. */
export function toYaml(value: object): string {
  return `${mapLines(value, '').join('\n')}\n`;
}

/**
 * The minimal Role and RoleBinding that let `sa` make the request, in the request's namespace,
 * with `labels` on both (the server adds its scenario labels; the browser shows the same).
 */
export function suggestGrant(
  sa: GrantServiceAccount,
  attrs: GrantAttributes,
  labels: Record<string, string> = {},
): SuggestedGrant {
  const name = grantName(sa, attrs);
  const metadata: ObjectMeta = { name, namespace: attrs.namespace };
  if (Object.keys(labels).length > 0) metadata.labels = { ...labels };
  const role: SuggestedRole = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata,
    rules: [minimalRule(attrs)],
  };
  const roleBinding: SuggestedRoleBinding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { ...metadata, ...(metadata.labels ? { labels: { ...metadata.labels } } : {}) },
    subjects: [{ kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace }],
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
  };
  const yaml = `${toYaml(role)}---\n${toYaml(roleBinding)}`;
  return { role, roleBinding, yaml, sensitive: sensitiveGrant(attrs) };
}

/** The suggestion as the RBAC engine's plain types, to check it with authorize(). */
export function asRbacObjects(g: SuggestedGrant): { role: Role; binding: Binding } {
  return {
    role: {
      kind: 'Role',
      name: g.role.metadata.name,
      namespace: g.role.metadata.namespace,
      rules: g.role.rules,
    },
    binding: {
      kind: 'RoleBinding',
      name: g.roleBinding.metadata.name,
      namespace: g.roleBinding.metadata.namespace,
      roleRef: { kind: 'Role', name: g.roleBinding.roleRef.name },
      subjects: g.roleBinding.subjects,
    },
  };
}
