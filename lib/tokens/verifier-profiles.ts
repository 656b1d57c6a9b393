import type { VerifierProfileId } from '@/lib/contracts/verifier';

// Who checks a ServiceAccount token outside the API server, and which audience each expects. Every
// preset cites the documentation that says so; the audience stays editable where it is yours to
// choose (Vault's role, Google's provider). The Kubernetes profile uses the API server's own
// audiences: `--api-audiences`, which defaults to `--service-account-issuer`, so the discovery
// document's issuer stands for it.

export interface VerifierDoc {
  title: string;
  url: string;
}

export interface VerifierProfile {
  id: VerifierProfileId;
  name: string;
  /** The audience this verifier expects by default ('' = none: the user types it). */
  audience: string;
  /** The user may (or, with placeholders, must) edit the audience. */
  editable: boolean;
  /** What the verifier expects, in plain words. */
  expects: string;
  docs: VerifierDoc[];
}

export const VERIFIER_PROFILES: readonly VerifierProfile[] = [
  {
    id: 'kubernetes',
    name: 'Kubernetes API server',
    audience: '',
    editable: false,
    expects:
      'One of the API server’s --api-audiences. Unset, they default to its --service-account-issuer, which is what Tokenscope checks against (the discovery document’s issuer).',
    docs: [
      {
        title: 'kube-apiserver: --api-audiences',
        url: 'https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/',
      },
      {
        title: 'Service account issuer discovery',
        url: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#service-account-issuer-discovery',
      },
    ],
  },
  {
    id: 'aws-irsa',
    name: 'AWS EKS: IAM roles for service accounts (IRSA)',
    audience: 'sts.amazonaws.com',
    editable: true,
    expects:
      'sts.amazonaws.com, the client ID of the cluster’s IAM OIDC provider; the pod identity webhook projects tokens with that audience (its --token-audience default).',
    docs: [
      {
        title: 'Amazon EKS: IAM roles for service accounts',
        url: 'https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html',
      },
      {
        title: 'amazon-eks-pod-identity-webhook',
        url: 'https://github.com/aws/amazon-eks-pod-identity-webhook',
      },
    ],
  },
  {
    id: 'gcp-wif',
    name: 'Google Cloud: Workload Identity Federation with Kubernetes',
    audience:
      'https://iam.googleapis.com/projects/PROJECT_NUMBER/locations/global/workloadIdentityPools/POOL_ID/providers/PROVIDER_ID',
    editable: true,
    expects:
      'The workload identity provider’s full name (replace PROJECT_NUMBER, POOL_ID and PROVIDER_ID), unless the provider lists other allowed audiences. On GKE itself, Workload Identity Federation for GKE exchanges tokens through the GKE metadata server instead.',
    docs: [
      {
        title: 'Configure Workload Identity Federation with Kubernetes',
        url: 'https://cloud.google.com/iam/docs/workload-identity-federation-with-kubernetes',
      },
    ],
  },
  {
    id: 'azure-wi',
    name: 'Microsoft Entra Workload ID (Azure workload identity)',
    audience: 'api://AzureADTokenExchange',
    editable: true,
    expects:
      'api://AzureADTokenExchange, the audience of the federated identity credential (its recommended value).',
    docs: [
      {
        title: 'AKS: Microsoft Entra Workload ID overview',
        url: 'https://learn.microsoft.com/en-us/azure/aks/workload-identity-overview',
      },
      { title: 'Azure Workload Identity', url: 'https://azure.github.io/azure-workload-identity/docs/' },
    ],
  },
  {
    id: 'vault',
    name: 'HashiCorp Vault: Kubernetes or JWT auth',
    audience: 'vault',
    editable: true,
    expects:
      'Whatever the role names: `audience` for the Kubernetes auth method, `bound_audiences` for JWT auth. `vault` is a common choice; type your role’s.',
    docs: [
      {
        title: 'Vault Kubernetes auth API: role audience',
        url: 'https://developer.hashicorp.com/vault/api-docs/auth/kubernetes',
      },
      {
        title: 'Vault JWT auth with Kubernetes: bound_audiences',
        url: 'https://developer.hashicorp.com/vault/docs/auth/jwt/oidc-providers/kubernetes',
      },
    ],
  },
  {
    id: 'custom',
    name: 'Custom audience',
    audience: '',
    editable: true,
    expects: 'The audience you type, exactly (audiences are compared as strings).',
    docs: [{ title: 'RFC 7519 §4.1.3: aud', url: 'https://www.rfc-editor.org/rfc/rfc7519#section-4.1.3' }],
  },
];

export function verifierProfile(id: VerifierProfileId): VerifierProfile {
  const p = VERIFIER_PROFILES.find((v) => v.id === id);
  if (!p) throw new Error(`unknown verifier profile ${id}`);
  return p;
}

/** The audiences a profile expects: the typed one if any, else its default; the issuer for Kubernetes. */
export function expectedAudiences(
  id: VerifierProfileId,
  typed: string | undefined,
  issuer: string | undefined,
): string[] {
  if (id === 'kubernetes') return issuer ? [issuer] : [];
  const a = typed?.trim() || verifierProfile(id).audience;
  return a ? [a] : [];
}

/** An audience still holding the preset's placeholders (Google's provider name). */
export function hasPlaceholder(audience: string): boolean {
  return /PROJECT_NUMBER|POOL_ID|PROVIDER_ID/.test(audience);
}
