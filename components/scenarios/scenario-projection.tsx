'use client';

import type { FileVersion, ProjectionState } from './scenario-actions';
import { rotationDueAt } from './scenario-outcome-model';
import { buttonClass } from '@/components/tokens/token-copy-button';
import { type ProbeState, TokenCountdown } from '@/components/tokens/token-countdown';
import { clockTime } from '@/components/tokens/token-clock';
import { Fact } from '@/components/ui/fact';

function Version({
  version,
  next,
  probe,
  onProbe,
}: {
  version: FileVersion;
  next: FileVersion | undefined;
  probe: ProbeState | undefined;
  onProbe: (id: string) => void;
}) {
  const t = version.token;
  return (
    <article
      data-testid="file-version"
      data-version={version.n}
      data-token-id={t.id}
      className={`space-y-2 rounded-lg border p-4 ${next ? 'border-slate-200 dark:border-slate-800' : 'border-sky-600 ring-1 ring-sky-600'}`}
    >
      <h4 className="flex flex-wrap items-baseline gap-x-3 font-semibold">
        <span className="font-mono text-lg">v{version.n}</span>
        <span className="text-sm font-normal">
          {next
            ? `replaced in the file at ${clockTime(next.receivedAt)}; still accepted until exp + 60 s`
            : 'in the file now'}
        </span>
      </h4>
      <p className="text-xs text-slate-600 dark:text-slate-300">
        bound to{' '}
        {t.boundObject
          ? `${t.boundObject.kind} ${t.boundObject.name} (uid ${t.boundObject.uid ?? '?'})`
          : 'nothing'}{' '}
        · audiences {t.audiences.join(', ') || '—'} · written {clockTime(version.receivedAt)}
      </p>
      <TokenCountdown token={t} probe={probe} onProbe={onProbe} projected />
      <button type="button" className={buttonClass} onClick={() => onProbe(t.id)} aria-disabled={probe?.busy}>
        Ask the API server with v{version.n}
      </button>
    </article>
  );
}

/** The projected-volume step: the real pod on a node, or Tokenscope playing kubelet, said plainly. */
export function ScenarioProjection({
  projection: p,
  probes,
  onProbe,
  onRotate,
}: {
  projection: ProjectionState;
  probes: Record<string, ProbeState>;
  onProbe: (id: string) => void;
  onRotate: () => void;
}) {
  const file = p.source.filePath ?? `${p.source.volume}/${p.source.path}`;
  const latest = p.versions.at(-1);
  const facts = (
    <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-3">
      <Fact term="Pod">{`${p.pod.namespace}/${p.pod.name}`}</Fact>
      <Fact term="Pod UID">{p.pod.uid}</Fact>
      <Fact term="Phase / node">{`${p.pod.phase} / ${p.pod.nodeName ?? 'none'}`}</Fact>
      <Fact term="File">{file}</Fact>
      <Fact term="expirationSeconds">{p.source.expirationSeconds}</Fact>
      <Fact term="Audience">{p.source.audience ?? 'the API server’s own'}</Fact>
    </dl>
  );
  if (p.mode === 'kubelet') {
    return (
      <div data-testid="projection-kubelet" className="space-y-3">
        <p
          role="note"
          className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-950 dark:bg-emerald-950/50 dark:text-emerald-50"
        >
          Pod {p.pod.name} is Running on node {p.pod.nodeName}: that node’s kubelet requests this token,
          writes it to <code className="font-mono">{file}</code> and rotates it. Tokenscope simulates nothing
          here.
        </p>
        {facts}
      </div>
    );
  }
  return (
    <div data-testid="projection-simulated" className="space-y-4">
      <div
        role="note"
        className="space-y-2 rounded-md border-2 border-amber-500 bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950/40 dark:text-amber-50"
      >
        <p>
          <strong>Simulated here:</strong> this cluster has no kubelet, so Pod {p.pod.name} stays{' '}
          {p.pod.phase} on no node. Tokenscope does kubelet’s part with its own identity (yours, when signed
          in): a real TokenRequest bound to the pod’s name and UID, with the volume’s expirationSeconds and
          audience; each answer is one version of the file. Nothing is written into a container.
        </p>
        <p>
          <strong>On a real node,</strong> kubelet requests the token with its node credentials, writes it
          atomically to the file, and refreshes it once it is older than 80 % of its TTL or 24 h. Applications
          must re-read the file: one that read it once keeps sending the old token, which the API server
          rejects after its exp + 60 s.
        </p>
      </div>
      {facts}
      <p data-testid="projected-file" className="text-sm">
        <code className="font-mono">{file}</code> holds{' '}
        <strong className="font-mono">{latest ? `v${latest.n}` : 'nothing yet'}</strong>
        {latest && !p.stopped && (
          <>
            {' '}
            · kubelet rewrites it at {clockTime(rotationDueAt(latest.token, latest.receivedAt))} (80 % of the
            TTL)
          </>
        )}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          className={buttonClass}
          onClick={onRotate}
          disabled={p.stopped}
          aria-disabled={p.rotating}
        >
          {p.rotating ? 'Rotating…' : 'Rotate now'}
        </button>
        {p.stopped && <span className="text-sm text-slate-600 dark:text-slate-300">Rotation stopped.</span>}
        {p.error && (
          <span role="alert" className="text-sm text-red-700 dark:text-red-400">
            {p.error}
          </span>
        )}
      </div>
      <div className="space-y-3">
        {[...p.versions].reverse().map((v) => (
          <Version
            key={v.n}
            version={v}
            next={p.versions.find((x) => x.n === v.n + 1)}
            probe={probes[v.token.id]}
            onProbe={onProbe}
          />
        ))}
      </div>
    </div>
  );
}
