import Link from '@/components/ui/cluster-link';
import type { LegacyFinding, TokenInventory } from '@/lib/tokens/legacy-inventory';
import {
  humanSeconds,
  LONG_LIFETIME_SECONDS,
  type LongLivedMints,
  type StaleTokenSection,
  type StaleTokenUser,
} from '@/lib/tokens/stale-tokens';
import { AutomountAccounts } from './automount-accounts';
import { Commands, saHref } from './inventory-bits';

const severityStyle: Record<LegacyFinding['severity'], string> = {
  high: 'bg-red-100 text-red-900 dark:bg-red-900/60 dark:text-red-50',
  medium: 'bg-amber-200 text-amber-950 dark:bg-amber-800 dark:text-amber-50',
  low: 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100',
};

const stateLabel: Record<LegacyFinding['state'], string> = {
  used: 'valid · in use',
  'unused-since-tracking': 'valid · unused',
  'not-tracked': 'valid · use unknown',
  invalidated: 'invalidated',
  empty: 'no token',
};

function LegacyCard({ f }: { f: LegacyFinding }) {
  const s = f.secret;
  return (
    <li
      data-testid="legacy-finding"
      data-secret={`${s.namespace}/${s.name}`}
      className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h3 className="font-mono font-medium break-all">
          {s.namespace}/{s.name}
        </h3>
        <span
          className={`rounded-full px-2 py-0.5 text-xs font-medium ${severityStyle[f.severity]}`}
          data-testid="legacy-state"
        >
          {stateLabel[f.state]}
        </span>
        {s.serviceAccount && (
          <span className="text-xs text-slate-600 dark:text-slate-400">
            for{' '}
            <Link
              className="font-mono text-sky-700 underline dark:text-sky-300"
              href={saHref(s.namespace, s.serviceAccount)}
            >
              {s.serviceAccount}
            </Link>
          </span>
        )}
      </div>
      <p className="mt-2">{f.summary}</p>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5 text-xs">
        <dt className="text-slate-600 dark:text-slate-400">Last used</dt>
        <dd>{s.lastUsed ?? 'no use recorded'}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Invalid since</dt>
        <dd>{s.invalidSince ?? 'still valid'}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Mounted by</dt>
        <dd data-testid="legacy-pods">
          {f.pods.length === 0
            ? 'no pod'
            : f.pods.map((p, i) => (
                <span key={p.pod}>
                  {i > 0 && ', '}
                  <span className="font-mono">{p.pod}</span> ({p.uses.join(', ')})
                </span>
              ))}
        </dd>
      </dl>
      <ol className="mt-3 list-decimal space-y-1 pl-5 text-xs">
        {f.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      <Commands lines={f.commands} testId="legacy-commands" />
    </li>
  );
}

function StaleRow({ u }: { u: StaleTokenUser }) {
  return (
    <li
      data-testid="stale-token-user"
      data-account={`${u.namespace}/${u.serviceAccount}`}
      data-pod={u.pod ?? ''}
      className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <Link
          className="font-mono font-medium text-sky-700 underline break-all dark:text-sky-300"
          href={saHref(u.namespace, u.serviceAccount)}
        >
          {u.namespace}/{u.serviceAccount}
        </Link>
        <span className="text-xs text-slate-600 dark:text-slate-400">
          {u.pod ? (
            <>
              pod <span className="font-mono">{u.pod}</span>
            </>
          ) : (
            'no pod named in the token'
          )}
        </span>
        <span
          className="rounded-full bg-amber-200 px-2 py-0.5 text-xs font-medium text-amber-950 dark:bg-amber-800 dark:text-amber-50"
          data-testid="stale-by"
        >
          {humanSeconds(u.lastSecondsStale)} past refresh
        </span>
      </div>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5 text-xs">
        <dt className="text-slate-600 dark:text-slate-400">Stale requests</dt>
        <dd data-testid="stale-count">{u.count}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Last</dt>
        <dd className="break-all">
          {u.lastSeen} · <span className="font-mono">{u.lastRequest}</span>
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">First</dt>
        <dd>{u.firstSeen}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Most stale</dt>
        <dd>{humanSeconds(u.maxSecondsStale)} past refresh</dd>
        {u.userAgent && (
          <>
            <dt className="text-slate-600 dark:text-slate-400">Client</dt>
            <dd className="font-mono break-all">{u.userAgent}</dd>
          </>
        )}
      </dl>
    </li>
  );
}

/** Requests made with tokens past their refresh point, from the API server's audit log. */
function StaleTokens({ stale, focus }: { stale: StaleTokenSection; focus?: string }) {
  const users =
    stale.configured && focus
      ? stale.users.filter((u) => `${u.namespace}/${u.serviceAccount}` === focus)
      : stale.configured
        ? stale.users
        : [];
  return (
    <section aria-labelledby="stale-heading" className="space-y-3">
      <h2 id="stale-heading" className="text-lg font-semibold">
        Apps that never reload their token{' '}
        {stale.configured && (
          <span
            className="text-sm font-normal text-slate-600 dark:text-slate-400"
            data-testid="stale-count-all"
          >
            {stale.users.length} {stale.users.length === 1 ? 'account or pod' : 'accounts or pods'}
          </span>
        )}
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        The kubelet writes a fresh token into a pod&apos;s projected volume well before the old one expires;
        an app must read the file again (client-go and client-node do, every minute or so). Tokens the kubelet
        asks for are accepted for a year past their hour so that such apps keep working, and the API server
        marks each request made with one past that hour{' '}
        <span className="font-mono">authentication.k8s.io/stale-token</span> in its audit log. Fix: read the
        token file before each request, or use a client library that does; until then the app holds a
        credential that outlives its pod&apos;s rotation.
      </p>
      {!stale.configured ? (
        <p
          data-testid="stale-unconfigured"
          className="rounded-lg border border-slate-300 bg-slate-50 p-3 text-sm text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300"
        >
          {stale.reason}
        </p>
      ) : (
        <>
          <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="stale-source">
            From {stale.files.length === 0 ? 'no audit log file yet' : stale.files.join(', ')} since{' '}
            {stale.since}
            {stale.hidden > 0
              ? ` · ${stale.hidden} more for ServiceAccounts you may not list are not shown`
              : ''}
            {stale.truncated ? ' · more than could be kept: the list is incomplete' : ''}.
          </p>
          {focus && (
            <p className="text-sm" data-testid="stale-focus">
              Showing <span className="font-mono break-all">{focus}</span> only ({users.length} of{' '}
              {stale.users.length}).{' '}
              <Link href="/tokens/legacy#stale-heading" className="text-sky-700 underline dark:text-sky-300">
                Show every account
              </Link>
            </p>
          )}
          {users.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="stale-empty">
              {focus
                ? `No request by ${focus} with a stale token since ${stale.since}.`
                : 'No request with a stale token. Good.'}
            </p>
          ) : (
            <ul className="grid min-w-0 gap-3">
              {users.map((u) => (
                <StaleRow key={`${u.namespace}/${u.serviceAccount}/${u.pod ?? ''}`} u={u} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function LongMintRow({ m }: { m: LongLivedMints }) {
  return (
    <li
      data-testid="long-mint"
      data-account={`${m.namespace}/${m.serviceAccount}`}
      data-minter={m.minter}
      className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <Link
          className="font-mono font-medium text-sky-700 underline break-all dark:text-sky-300"
          href={saHref(m.namespace, m.serviceAccount)}
        >
          {m.namespace}/{m.serviceAccount}
        </Link>
        <span className="text-xs break-all text-slate-600 dark:text-slate-400">
          asked by <span className="font-mono">{m.minter}</span>
        </span>
        <span
          className="rounded-full bg-amber-200 px-2 py-0.5 text-xs font-medium text-amber-950 dark:bg-amber-800 dark:text-amber-50"
          data-testid="long-mint-lifetime"
        >
          up to {humanSeconds(m.maxSeconds)}
        </span>
      </div>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5 text-xs">
        <dt className="text-slate-600 dark:text-slate-400">Requests</dt>
        <dd data-testid="long-mint-count">{m.count}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Last</dt>
        <dd>
          {m.lastSeen} · {humanSeconds(m.lastSeconds)}
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">Audiences</dt>
        <dd className="font-mono break-all">
          {m.audiences.length > 0 ? m.audiences.join(', ') : "the API server's own"}
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">Bound</dt>
        <dd>
          {m.unbound
            ? 'not to an object: valid until it expires, whatever is deleted'
            : 'to a Pod, Secret or Node'}
        </dd>
      </dl>
      <p className="mt-2 text-xs">
        Ask for the shortest lifetime that works and refresh it (the client can request a new token before
        expiry), and bind it to the pod or Secret that uses it so deleting that object revokes it:
      </p>
      <pre className="mt-2 overflow-x-auto rounded bg-slate-900 p-2 font-mono text-xs text-slate-100 dark:bg-slate-950 dark:ring-1 dark:ring-slate-700">
        <code>{`kubectl create token ${m.serviceAccount} --namespace ${m.namespace} --duration 1h --bound-object-kind Pod --bound-object-name <pod>`}</code>
      </pre>
    </li>
  );
}

function LongMints({ stale }: { stale: StaleTokenSection }) {
  if (!stale.configured) return null;
  return (
    <section aria-labelledby="long-mints-heading" className="space-y-3">
      <h2 id="long-mints-heading" className="text-lg font-semibold">
        Tokens minted to last more than {humanSeconds(LONG_LIFETIME_SECONDS)}{' '}
        <span
          className="text-sm font-normal text-slate-600 dark:text-slate-400"
          data-testid="long-mint-count-all"
        >
          {stale.longMints.length}
        </span>
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        TokenRequests from the audit log (the lifetime asked for; the API server may shorten it to its
        --service-account-max-token-expiration). A long-lived token that leaks stays useful for as long.
      </p>
      {stale.longMints.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="long-mint-empty">
          None in the audit log. Good.
        </p>
      ) : (
        <ul className="grid min-w-0 gap-3">
          {stale.longMints.map((m) => (
            <LongMintRow key={`${m.minter}/${m.namespace}/${m.serviceAccount}`} m={m} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The inventory page's body: legacy token Secrets, then accounts whose pods get a token unasked. */
export function LegacyInventory({
  inventory,
  unreadable,
  stale,
  focus,
}: {
  inventory: TokenInventory;
  unreadable: string[];
  stale: StaleTokenSection;
  /** `namespace/name`: the stale-token section shows this ServiceAccount only. */
  focus?: string;
}) {
  const valid = inventory.legacy.filter((f) => f.severity === 'high').length;
  return (
    <div className="space-y-10">
      {unreadable.length > 0 && (
        <ul className="space-y-2" data-testid="inventory-unreadable">
          {unreadable.map((u) => (
            <li
              key={u}
              className="rounded-lg border border-slate-300 bg-slate-50 p-3 text-sm text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-300"
            >
              {u}
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="legacy-heading" className="space-y-3">
        <h2 id="legacy-heading" className="text-lg font-semibold">
          Legacy token Secrets{' '}
          <span className="text-sm font-normal text-slate-600 dark:text-slate-400" data-testid="legacy-count">
            {inventory.legacy.length} · {valid} valid
          </span>
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Secrets of type <span className="font-mono">kubernetes.io/service-account-token</span> hold a token
          that never expires and is not bound to a pod.
          {inventory.trackingSince
            ? ` The API server has recorded their use since ${inventory.trackingSince}.`
            : ''}
        </p>
        {inventory.legacy.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="legacy-empty">
            No legacy token Secret in what could be read. Good.
          </p>
        ) : (
          <ul className="grid min-w-0 gap-3">
            {inventory.legacy.map((f) => (
              <LegacyCard key={`${f.secret.namespace}/${f.secret.name}`} f={f} />
            ))}
          </ul>
        )}
      </section>
      <AutomountAccounts accounts={inventory.automounted} stale={stale} />
      <StaleTokens stale={stale} focus={focus} />
      <LongMints stale={stale} />
    </div>
  );
}
