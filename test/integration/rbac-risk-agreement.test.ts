// Risk with proof (issue 14 §3): every permission the risk engine claims — each finding's concrete
// request, each escalation step and each "cluster-admin-equivalent" reason — is allowed by the real
// API server's SubjectAccessReview, on a generated world applied to the local control plane.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardClients } from '@/lib/kube/clients';
import { takeRbacSnapshot } from '@/lib/kube/rbac';
import { subjectAccessReview } from '@/lib/kube/reviews';
import { AUTHENTICATED_GROUP, serviceAccountUser } from '@/lib/rbac/identity';
import { analyzeRisk, escalationPath, type RiskClaim } from '@/lib/rbac/risk';
import type { ResourceAttributes, Subject, UserInfo } from '@/lib/rbac/types';
import { generateWorld } from '@/test/support/rbac/generate';
import { applyWorld, mapLimit, removeWorld, waitForAuthorizer } from './rbac-world';

interface Probe {
  what: string;
  user: UserInfo;
  attrs: ResourceAttributes;
}

/** The identity a SubjectAccessReview asks about for a subject holding a grant. */
function userOf(subject: Subject): UserInfo {
  if (subject.kind === 'ServiceAccount') return serviceAccountUser(subject.namespace ?? '', subject.name);
  if (subject.kind === 'User') return { username: subject.name, groups: [AUTHENTICATED_GROUP] };
  return { username: 'tokenscope-risk-probe', groups: [subject.name] };
}

function attrsOf(claim: RiskClaim): ResourceAttributes {
  const attrs: ResourceAttributes = { verb: claim.verb, group: claim.group, resource: claim.resource };
  if (claim.subresource) attrs.subresource = claim.subresource;
  if (claim.namespace) attrs.namespace = claim.namespace;
  if (claim.name !== undefined) attrs.name = claim.name;
  return attrs;
}

/** Every n-th item, so a large list is sampled evenly and deterministically. */
function spread<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const step = items.length / max;
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)] as T);
}

describe('every permission the risk engine claims agrees with SubjectAccessReview', () => {
  const admin = () => dashboardClients();
  const world = generateWorld(
    141414,
    {
      namespaces: 4,
      serviceAccounts: 40,
      users: 8,
      groups: 5,
      roles: 60,
      clusterRoles: 40,
      roleBindings: 160,
      clusterRoleBindings: 30,
    },
    { prefix: `it-risk-${Date.now().toString(36)}-` },
  );

  // A purpose-built chain on top of the random world, so paths exist: `boss` holds * on *, `minter`
  // may mint a token for boss only, `starter` may mint for any account of minter's namespace.
  const [boss, minter, starter] = world.serviceAccounts.filter((sa) => sa.name !== 'default');
  if (!boss || !minter || !starter) throw new Error('the world needs three ServiceAccounts');
  const p = world.prefix;
  world.clusterRoles.push(
    {
      kind: 'ClusterRole',
      name: `${p}risk-admin`,
      rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
    },
    {
      kind: 'ClusterRole',
      name: `${p}risk-mint-boss`,
      rules: [
        {
          verbs: ['create'],
          apiGroups: [''],
          resources: ['serviceaccounts/token'],
          resourceNames: [boss.name],
        },
      ],
    },
    {
      kind: 'ClusterRole',
      name: `${p}risk-mint`,
      rules: [{ verbs: ['create'], apiGroups: [''], resources: ['serviceaccounts/token'] }],
    },
  );
  const sa = (a: { namespace: string; name: string }) => ({ kind: 'ServiceAccount' as const, ...a });
  world.clusterRoleBindings.push({
    kind: 'ClusterRoleBinding',
    name: `${p}risk-admin`,
    roleRef: { kind: 'ClusterRole', name: `${p}risk-admin` },
    subjects: [sa(boss)],
  });
  world.roleBindings.push(
    {
      kind: 'RoleBinding',
      name: `${p}risk-mint-boss`,
      namespace: boss.namespace,
      roleRef: { kind: 'ClusterRole', name: `${p}risk-mint-boss` },
      subjects: [sa(minter)],
    },
    {
      kind: 'RoleBinding',
      name: `${p}risk-mint`,
      namespace: minter.namespace,
      roleRef: { kind: 'ClusterRole', name: `${p}risk-mint` },
      subjects: [sa(starter)],
    },
  );

  beforeAll(async () => {
    await applyWorld(admin(), world);
    await waitForAuthorizer(admin(), world);
  }, 150_000);

  afterAll(async () => {
    await removeWorld(admin(), world);
  }, 60_000);

  it('allows each finding’s request, each escalation step and each admin reason', async () => {
    const snapshot = await takeRbacSnapshot(admin());
    const analysis = analyzeRisk(snapshot.index, world.serviceAccounts);
    const ours = (name: string) => name.startsWith(world.prefix);
    const findings = analysis.findings.filter((f) => ours(f.grant.binding.name));
    const probes: Probe[] = spread(findings, 900).map((f) => ({
      what: `${f.code} of ${f.subject.kind} ${f.subject.name} via ${f.grant.binding.name}`,
      user: userOf(f.subject),
      attrs: attrsOf(f.claim),
    }));
    let paths = 0;
    let steps = 0;
    for (const sa of world.serviceAccounts) {
      const path = escalationPath(analysis, { kind: 'ServiceAccount', ...sa });
      if (!path) continue;
      paths++;
      for (const step of path.steps) {
        steps++;
        probes.push({ what: `step: ${step.text}`, user: userOf(step.from), attrs: attrsOf(step.claim) });
      }
      const last = path.steps.at(-1)?.to ?? path.start;
      for (const claim of path.admin.claims)
        probes.push({ what: `admin: ${path.admin.text}`, user: userOf(last), attrs: attrsOf(claim) });
    }
    // The world must exercise what is claimed: several kinds of findings, and paths to check.
    const codes = new Set(findings.map((f) => f.code));
    expect(codes.size, [...codes].join(',')).toBeGreaterThanOrEqual(6);
    expect(findings.some((f) => f.subject.kind === 'Group')).toBe(true);
    expect(findings.some((f) => f.subject.kind === 'User')).toBe(true);
    expect(paths).toBeGreaterThan(0);
    expect(steps).toBeGreaterThan(0);

    const verdicts = await mapLimit(probes, 8, async (p) => ({
      probe: p,
      verdict: await subjectAccessReview(admin(), p.user, p.attrs),
    }));
    const denied = verdicts.filter((v) => !v.verdict.allowed);
    console.info(
      `risk agreement: ${verdicts.length} claims (${findings.length} world findings, ${paths} paths, ${steps} steps), ${denied.length} denied`,
    );
    const report = denied
      .slice(0, 30)
      .map((d) => `${d.probe.what} user=${d.probe.user.username} attrs=${JSON.stringify(d.probe.attrs)}`)
      .join('\n');
    expect(denied.length, `${denied.length} of ${verdicts.length} claims denied:\n${report}`).toBe(0);
    expect(verdicts.length).toBeGreaterThan(200);
  }, 180_000);
});
