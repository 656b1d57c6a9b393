import 'server-only';
import type { V1SubjectAccessReviewSpec } from '@kubernetes/client-node';
import type { AccessRequest, ReviewVerdict } from '@/lib/contracts/rbac';
import type { RequestAttributes, UserInfo } from '@/lib/rbac/types';
import { isResourceRequest } from '@/lib/rbac/types';
import type { KubeClients } from './clients';
import { kubeCall } from './errors';

/** Turns an API access request into the engine's attributes (resource or non-resource). */
export function toRequestAttributes(req: AccessRequest): RequestAttributes {
  if (req.path !== undefined) return { verb: req.verb, path: req.path };
  const attrs: RequestAttributes = { verb: req.verb, group: req.group, resource: req.resource ?? '' };
  if (req.subresource) attrs.subresource = req.subresource;
  if (req.namespace) attrs.namespace = req.namespace;
  if (req.name) attrs.name = req.name;
  return attrs;
}

/** The request part of a (Self)SubjectAccessReview spec. */
function attributesSpec(
  attrs: RequestAttributes,
): Pick<V1SubjectAccessReviewSpec, 'resourceAttributes' | 'nonResourceAttributes'> {
  if (!isResourceRequest(attrs)) return { nonResourceAttributes: { verb: attrs.verb, path: attrs.path } };
  return {
    resourceAttributes: {
      verb: attrs.verb,
      group: attrs.group,
      version: attrs.version,
      resource: attrs.resource,
      subresource: attrs.subresource,
      namespace: attrs.namespace,
      name: attrs.name,
    },
  };
}

function toSpec(user: UserInfo, attrs: RequestAttributes): V1SubjectAccessReviewSpec {
  return { user: user.username, groups: user.groups, ...attributesSpec(attrs) };
}

/**
 * Asks the API server whether the user (with exactly these groups) may make the request, through
 * a SubjectAccessReview made as the given clients' identity. Throws mapped AppErrors
 * (`forbidden:kube` when that identity may not create SubjectAccessReviews).
 */
export async function subjectAccessReview(
  clients: KubeClients,
  user: UserInfo,
  attrs: RequestAttributes,
): Promise<ReviewVerdict> {
  const review = await kubeCall(clients.server, () =>
    clients.authz.createSubjectAccessReview({
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SubjectAccessReview',
        spec: toSpec(user, attrs),
      },
    }),
  );
  const status = review.status;
  const verdict: ReviewVerdict = {
    allowed: status?.allowed === true,
    denied: status?.denied === true,
    reason: status?.reason ?? '',
  };
  if (status?.evaluationError) verdict.evaluationError = status.evaluationError;
  return verdict;
}

/**
 * Whether the clients' own identity may make the request (SelfSubjectAccessReview: any
 * authenticated identity may ask about itself). Throws mapped AppErrors.
 */
export async function selfSubjectAccessReview(
  clients: KubeClients,
  attrs: RequestAttributes,
): Promise<ReviewVerdict> {
  const spec = attributesSpec(attrs);
  const review = await kubeCall(clients.server, () =>
    clients.authz.createSelfSubjectAccessReview({
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec },
    }),
  );
  const status = review.status;
  return { allowed: status?.allowed === true, denied: status?.denied === true, reason: status?.reason ?? '' };
}
