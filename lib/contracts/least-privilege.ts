// Least privilege from real use: what a ServiceAccount did (from the API server's audit log), what it
// was granted, the minimal Role(s) that cover the use, and a replay of the use with a narrowed copy.
// Zod-free: the browser reads these types.

/** One distinct request a ServiceAccount made, as the audit log recorded it. */
export interface UsedRequest {
  verb: string;
  /** API group ('' = core); '' for non-resource requests. */
  group: string;
  /** API version the request used ('' for non-resource requests). */
  version: string;
  /** '' for non-resource requests (then `path` is set). */
  resource: string;
  subresource: string;
  /** null = cluster-scoped, or all namespaces. */
  namespace: string | null;
  /** null = a collection (list, watch, create without a name). */
  name: string | null;
  /** Non-resource URL (e.g. /version); null for resource requests. */
  path: string | null;
  count: number;
  /** ISO time of the last such request. */
  lastSeen: string;
  /** How often each HTTP response code was answered, e.g. {"200": 4}. */
  codes: Record<string, number>;
  /** The authorizer refused it at least once and never allowed it (annotation or 403). */
  denied: boolean;
}

/** Counts over the events read, for the page's header. */
export interface AuditReadStats {
  /** Files read (audit.log and rotated backups overlapping the window). */
  files: string[];
  bytes: number;
  /** Events (lines) parsed that belong to the account and the window. */
  events: number;
  /** Lines that were not JSON audit events (skipped). */
  skipped: number;
  /**
   * True when the distinct-request cap was reached and later distinct requests were dropped, or
   * when the window held more log than one read takes (MAX_AUDIT_BYTES) and its oldest lines were left.
   */
  truncated: boolean;
}

/** A granted effective rule and whether anything in the window used it. */
export interface GrantUse {
  namespace: string | null;
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
  /** Where it comes from, e.g. "ClusterRoleBinding x → ClusterRole y". */
  grantedBy: string[];
  /** How many recorded (allowed) requests this rule covers. */
  usedBy: number;
  /**
   * Granted only through groups (e.g. system:authenticated): every account has it, a copy too, so it
   * is never counted as an unused grant to remove.
   */
  viaGroupOnly: boolean;
  /**
   * The rule's verb × resource pairs (or verb × URL) that no recorded request used, as text
   * ("delete pods", "get secrets"); `*` pairs appear only when nothing used them at all.
   */
  unusedParts: string[];
}

export interface ProposedRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

/** One Role or ClusterRole of the proposal with its binding. */
export interface ProposedRole {
  kind: 'Role' | 'ClusterRole';
  name: string;
  /** The Role's (and RoleBinding's) namespace; absent for a ClusterRole. */
  namespace?: string;
  rules: ProposedRule[];
  bindingKind: 'RoleBinding' | 'ClusterRoleBinding';
}

export interface LeastPrivilegeProposal {
  roles: ProposedRole[];
  /** The proposal as kubectl-appliable YAML, bound to the ServiceAccount itself. */
  yaml: string;
}

export type AuditSource = 'embedded' | 'setting';

export interface LeastPrivilegeReport {
  namespace: string;
  serviceAccount: string;
  /** Window in seconds, ending now. */
  windowSeconds: number;
  from: string;
  to: string;
  /** Whether an audit log is configured (TOKENSCOPE_AUDIT_LOG) and readable. */
  audit: { configured: false; reason: string } | { configured: true; stats: AuditReadStats };
  /** Requests the authorizer allowed: what the Role must keep. */
  used: UsedRequest[];
  /** Requests it refused: listed, never granted by the proposal. */
  denied: UsedRequest[];
  granted: GrantUse[];
  proposal: LeastPrivilegeProposal;
  /** The narrowed copy, if one exists now. */
  copy: { name: string; exists: boolean };
}

/** How a recorded request was checked against the copy's token. */
export interface ReplayResult {
  request: UsedRequest;
  /** 'request' = sent for real (GET/LIST); 'access-review' = SelfSubjectAccessReview with the copy's token (writes, watches). */
  method: 'request' | 'access-review';
  /** HTTP status of the replayed GET, or 200/403 for an access review's allowed/denied. */
  status: number;
  ok: boolean;
  /** The replayed path, or the reviewed attributes as text. */
  detail: string;
}

/** A grant the original has and nothing used: checked against the copy's token. */
export interface UnusedGrantCheck {
  description: string;
  /** The copy was denied (SelfSubjectAccessReview): the grant is gone. */
  gone: boolean;
}

export interface LeastPrivilegeReplay {
  copy: { namespace: string; name: string };
  /** Objects applied for the copy, as "Kind namespace/name". */
  applied: string[];
  /** Who the copy's token authenticated as (SelfSubjectReview). */
  tokenUser: string;
  results: ReplayResult[];
  failures: number;
  unusedGrants: UnusedGrantCheck[];
}
