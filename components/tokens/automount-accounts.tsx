import Link from '@/components/ui/cluster-link';
import { type AutomountUse, automountUse } from '@/lib/tokens/account-activity';
import type { AutomountedAccount } from '@/lib/tokens/legacy-inventory';
import type { StaleTokenSection } from '@/lib/tokens/stale-tokens';
import { Commands, saHref } from './inventory-bits';

const MAX_PODS = 5;

function patchCommand(a: AutomountedAccount): string {
  return `kubectl patch serviceaccount ${a.serviceAccount} --namespace ${a.namespace} -p '{"automountServiceAccountToken": false}'`;
}

const useLabel: Record<AutomountUse['state'], string> = {
  never: 'never called the API',
  'called-without-pod': 'no call from its pods',
  called: 'its pods call the API',
  unknown: 'use unknown',
};

const useStyle: Record<AutomountUse['state'], string> = {
  never: 'bg-amber-200 text-amber-950 dark:bg-amber-800 dark:text-amber-50',
  'called-without-pod': 'bg-amber-100 text-amber-950 dark:bg-amber-900/60 dark:text-amber-50',
  called: 'bg-emerald-100 text-emerald-950 dark:bg-emerald-900/60 dark:text-emerald-50',
  unknown: 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100',
};

const rank: Record<AutomountUse['state'], number> = {
  never: 0,
  'called-without-pod': 1,
  unknown: 2,
  called: 3,
};

function UseText({ use }: { use: AutomountUse }) {
  switch (use.state) {
    case 'called':
      return (
        <>
          {use.count} {use.count === 1 ? 'request' : 'requests'} with its pods&apos; tokens in the audit log;
          the last at {use.lastSeen} from pod <span className="font-mono">{use.lastPod}</span>. It needs its
          token; keep it.
        </>
      );
    case 'called-without-pod':
      return (
        <>
          The account made {use.count} {use.count === 1 ? 'request' : 'requests'} since {use.since} (last{' '}
          {use.lastSeen}), all with tokens bound to no pod (minted by hand or by a tool), none with a token
          its pods got mounted.
        </>
      );
    case 'never':
      return <>No request by this account in the audit log since {use.since}, the oldest event read (the log’s window).</>;
    case 'unknown':
      return <>{use.reason}</>;
  }
}

function AutomountRow({ a, use }: { a: AutomountedAccount; use: AutomountUse }) {
  const shown = a.pods.slice(0, MAX_PODS);
  const decidedByPod = a.pods.filter((p) => p.decidedBy === 'pod');
  const unused = use.state === 'never' || use.state === 'called-without-pod';
  return (
    <li
      data-testid="automount-account"
      data-account={`${a.namespace}/${a.serviceAccount}`}
      data-use={use.state}
      className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <Link
          className="font-mono font-medium text-sky-700 underline break-all dark:text-sky-300"
          href={saHref(a.namespace, a.serviceAccount)}
        >
          {a.namespace}/{a.serviceAccount}
        </Link>
        <span className="text-xs text-slate-600 dark:text-slate-400">
          {a.pods.length} running {a.pods.length === 1 ? 'pod' : 'pods'} with its token mounted
        </span>
        <span
          className={`rounded-full px-2 py-0.5 text-xs font-medium ${useStyle[use.state]}`}
          data-testid="automount-use"
        >
          {useLabel[use.state]}
        </span>
      </div>
      <p className="mt-1 font-mono text-xs break-all text-slate-700 dark:text-slate-300">
        {shown.map((p) => p.name).join(', ')}
        {a.pods.length > MAX_PODS && ` and ${a.pods.length - MAX_PODS} more`}
      </p>
      <p className="mt-2 text-xs" data-testid="automount-use-text">
        <UseText use={use} />
      </p>
      {use.state !== 'called' && (
        <>
          <p className="mt-2 text-xs">
            {unused
              ? 'Its pods do not need the token: stop mounting it on the ServiceAccount'
              : 'If these pods never call the API server, stop mounting the token on the ServiceAccount'}
            {decidedByPod.length > 0
              ? ` — and in the spec of ${decidedByPod.map((p) => p.name).join(', ')}, which set automountServiceAccountToken: true themselves`
              : ' (or set automountServiceAccountToken: false in the pod spec, which wins)'}
            . Pods get the change when they are next created.
          </p>
          <Commands lines={[patchCommand(a)]} testId="automount-command" />
        </>
      )}
    </li>
  );
}

/** Accounts whose running pods get a token mounted unasked, joined with who called the API in the audit log. */
export function AutomountAccounts({
  accounts,
  stale,
}: {
  accounts: AutomountedAccount[];
  stale: StaleTokenSection;
}) {
  const log = stale.configured
    ? { configured: true as const, activity: stale.activity, since: stale.recordsSince }
    : { configured: false as const, reason: stale.reason };
  const rows = accounts
    .map((a) => ({ a, use: automountUse(a, log) }))
    .sort((x, y) => rank[x.use.state] - rank[y.use.state]);
  const never = rows.filter((r) => r.use.state === 'never').length;
  return (
    <section aria-labelledby="automount-heading" className="space-y-3">
      <h2 id="automount-heading" className="text-lg font-semibold">
        Tokens mounted without asking{' '}
        <span
          className="text-sm font-normal text-slate-600 dark:text-slate-400"
          data-testid="automount-count"
        >
          {accounts.length} {accounts.length === 1 ? 'account' : 'accounts'}
          {stale.configured && stale.recordsSince ? `, ${never} never called the API` : ''}
        </span>
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        Unless a pod or its ServiceAccount sets{' '}
        <span className="font-mono">automountServiceAccountToken: false</span>, every container can read a
        token of its ServiceAccount (volume <span className="font-mono">kube-api-access-…</span>). An app that
        never calls the API server does not need it, and anyone who gets into the container does. Whether the
        pods called is read from the audit log (requests the audit policy records, by username{' '}
        <span className="font-mono">system:serviceaccount:NS:NAME</span>).
      </p>
      {!stale.configured && (
        <p
          data-testid="automount-unconfigured"
          className="rounded-lg border border-slate-300 bg-slate-50 p-3 text-sm text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300"
        >
          Without the audit log Tokenscope cannot tell which of these pods call the API server. {stale.reason}
        </p>
      )}
      {accounts.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="automount-empty">
          No running pod has a token it did not ask for.
        </p>
      ) : (
        <ul className="grid min-w-0 gap-3">
          {rows.map(({ a, use }) => (
            <AutomountRow key={`${a.namespace}/${a.serviceAccount}`} a={a} use={use} />
          ))}
        </ul>
      )}
    </section>
  );
}
