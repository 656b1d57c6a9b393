'use client';

import { type FormEvent, useId, useState } from 'react';
import type { MintedToken } from '@/lib/contracts/tokens';
import type {
  FetchedDocument,
  VerifierProfileId,
  VerifyRequest,
  VerifyResult,
} from '@/lib/contracts/verifier';
import { inputClass, primaryButtonClass } from '@/components/ui/form-styles';
import { describeError, tokenApi } from '@/lib/client/tokens';
import { VERIFIER_PROFILES, verifierProfile } from '@/lib/tokens/verifier-profiles';
import { buttonClass } from './token-copy-button';

/** What "mint for this verifier" hands to the request form. */
export interface MintPrefill {
  namespace: string;
  serviceAccount: string;
  /** '' = the API server's own audiences. */
  audience: string;
  verifier: string;
}

function Fetched({ label, doc }: { label: string; doc: FetchedDocument }) {
  return (
    <li className="break-all">
      <span className="font-medium">{label}:</span> <span className="font-mono text-xs">{doc.url}</span>{' '}
      <span className="text-slate-500 dark:text-slate-400">
        ({doc.via === 'api-server' ? 'through the kube client, as you' : 'public https'}
        {doc.status ? `, HTTP ${doc.status}` : ''}
        {doc.durationMs ? `, ${Math.round(doc.durationMs)} ms` : ''})
      </span>
      {doc.named && (
        <span className="block text-xs text-slate-600 dark:text-slate-300">
          Named by the issuer as <span className="font-mono">{doc.named}</span>
        </span>
      )}
      {doc.note && <span className="block text-xs text-slate-600 dark:text-slate-300">{doc.note}</span>}
    </li>
  );
}

/** A check's reason with `code` spans. */
function Reason({ text }: { text: string }) {
  return (
    <>
      {text.split(/(`[^`]*`)/).map((part, i) =>
        part.startsWith('`') && part.endsWith('`') && part.length > 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string.
          <code key={i} className="rounded bg-slate-100 px-1 font-mono text-xs break-all dark:bg-slate-800">
            {part.slice(1, -1)}
          </code>
        ) : (
          part
        ),
      )}
    </>
  );
}

function ResultView({ result }: { result: VerifyResult }) {
  const failed = result.checks.filter((c) => !c.ok).length;
  return (
    <div data-testid="verifier-result" data-passed={result.passed} className="space-y-3">
      <p
        className={`rounded-md p-2 text-sm font-semibold ${result.passed ? 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-100' : 'bg-red-50 text-red-900 dark:bg-red-950/40 dark:text-red-100'}`}
      >
        {result.passed
          ? `${result.profile.name} would accept this token: all ${result.checks.length} checks pass.`
          : `${result.profile.name} would refuse this token: ${failed} of ${result.checks.length} checks fail.`}
      </p>
      <ul className="space-y-2" aria-label="Checks">
        {result.checks.map((c) => (
          <li
            key={c.id}
            data-testid="verifier-check"
            data-check={c.id}
            data-ok={c.ok}
            className="flex gap-2 text-sm"
          >
            <span
              aria-hidden="true"
              className={`mt-0.5 inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs font-bold ${c.ok ? 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-100' : 'bg-red-100 text-red-800 dark:bg-red-900/60 dark:text-red-100'}`}
            >
              {c.ok ? '✓' : '✗'}
            </span>
            <span className="min-w-0">
              <span className="font-medium">
                {c.title}: {c.ok ? 'passed' : 'failed'}
              </span>
              <span className="block text-slate-700 [overflow-wrap:anywhere] dark:text-slate-200">
                <Reason text={c.reason} />
              </span>
            </span>
          </li>
        ))}
      </ul>
      <div className="text-sm">
        <p className="font-medium">What was fetched</p>
        <ul className="mt-1 space-y-1">
          {result.discovery && <Fetched label="Discovery" doc={result.discovery} />}
          {result.jwks && <Fetched label="JWKS" doc={result.jwks} />}
          {!result.discovery && !result.jwks && <li>Nothing could be fetched.</li>}
        </ul>
        <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
          Expected audience{result.profile.audiences.length === 1 ? '' : 's'}:{' '}
          {result.profile.audiences.join(', ') || 'none'} · clock{' '}
          {new Date(result.at).toLocaleString('en-GB')} · no clock-skew leeway ({result.leewaySeconds} s).
          Checked server-side on the held copy; the token was not sent to this browser.
        </p>
      </div>
    </div>
  );
}

/**
 * "Verify as an outside verifier": the server fetches the issuer's discovery document and keys as
 * a cloud IAM, Vault or any OIDC verifier would, verifies the held copy and reports each check.
 */
export function VerifierPanel({
  token,
  onMintFor,
}: {
  token: MintedToken;
  onMintFor?: (p: MintPrefill) => void;
}) {
  const id = useId();
  const [profileId, setProfileId] = useState<VerifierProfileId>('kubernetes');
  const [audience, setAudience] = useState('');
  const [sourceKind, setSourceKind] = useState<'cluster' | 'url'>('cluster');
  const [issuerUrl, setIssuerUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const profile = verifierProfile(profileId);
  const typed = audience.trim();
  const audienceMissing = profileId === 'custom' && typed === '';
  const urlMissing = sourceKind === 'url' && issuerUrl.trim() === '';

  function pick(next: VerifierProfileId) {
    setProfileId(next);
    setAudience(verifierProfile(next).audience);
  }

  async function verify(e: FormEvent) {
    e.preventDefault();
    if (busy || audienceMissing || urlMissing) return;
    const body: VerifyRequest = {
      profile: profileId,
      ...(profileId !== 'kubernetes' && typed ? { audience: typed } : {}),
      source: sourceKind === 'cluster' ? { kind: 'cluster' } : { kind: 'url', issuer: issuerUrl.trim() },
    };
    setBusy(true);
    setError(null);
    try {
      setResult(await tokenApi.verify(token.id, body));
    } catch (err) {
      setResult(null);
      setError(describeError(err).detail);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={verify} className="space-y-3" noValidate aria-describedby={`${id}-intro`}>
      <p id={`${id}-intro`} className="text-sm text-slate-600 dark:text-slate-300">
        Fetches the issuer’s <span className="font-mono">/.well-known/openid-configuration</span> and its{' '}
        <span className="font-mono">jwks_uri</span> as a verifier outside the cluster does, then checks the
        signature, iss, aud, exp, nbf and iat.
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Verifier</span>
          <select
            className={inputClass}
            value={profileId}
            data-testid="verifier-profile"
            onChange={(e) => pick(e.target.value as VerifierProfileId)}
          >
            {VERIFIER_PROFILES.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm" htmlFor={`${id}-aud`}>
          <span className="mb-1 block font-medium">Expected audience</span>
          {profileId === 'kubernetes' ? (
            <input
              id={`${id}-aud`}
              className={`${inputClass} font-mono`}
              value="the API server’s own (its issuer)"
              readOnly
              aria-readonly
            />
          ) : (
            <input
              id={`${id}-aud`}
              className={`${inputClass} font-mono`}
              value={audience}
              data-testid="verifier-audience"
              onChange={(e) => setAudience(e.target.value)}
              aria-invalid={audienceMissing || undefined}
              aria-describedby={`${id}-expects`}
              placeholder="the audience your verifier is configured with"
            />
          )}
        </label>
      </div>
      <div id={`${id}-expects`} className="text-xs text-slate-600 dark:text-slate-300">
        <p>
          <Reason text={profile.expects} />
        </p>
        <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1">
          {profile.docs.map((d) => (
            <a
              key={d.url}
              href={d.url}
              target="_blank"
              rel="noreferrer noopener"
              className="text-sky-700 underline hover:no-underline dark:text-sky-300"
            >
              {d.title}
            </a>
          ))}
        </p>
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Issuer discovery from</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-2">
          <label className="inline-flex items-center gap-1.5 text-sm">
            <input
              type="radio"
              name={`${id}-source`}
              checked={sourceKind === 'cluster'}
              onChange={() => setSourceKind('cluster')}
            />
            This cluster’s API server
          </label>
          <label className="inline-flex items-center gap-1.5 text-sm">
            <input
              type="radio"
              name={`${id}-source`}
              checked={sourceKind === 'url'}
              onChange={() => setSourceKind('url')}
            />
            A public issuer URL
          </label>
        </div>
        {sourceKind === 'url' && (
          <label className="block text-sm">
            <span className="mb-1 block">Issuer URL (https, as the token’s iss names it)</span>
            <input
              className={`${inputClass} font-mono`}
              value={issuerUrl}
              inputMode="url"
              onChange={(e) => setIssuerUrl(e.target.value)}
              placeholder="https://oidc.eks.us-east-1.amazonaws.com/id/…"
              aria-invalid={urlMissing || undefined}
              aria-describedby={`${id}-url-note`}
            />
            <span id={`${id}-url-note`} className="mt-1 block text-xs text-slate-500 dark:text-slate-400">
              Fetched by the Tokenscope server: https only, public addresses only (no private, loopback or
              link-local), 256 KiB and 5 s at most, redirects only on the same host.
            </span>
          </label>
        )}
      </fieldset>
      <div className="flex flex-wrap gap-2">
        <button
          type="submit"
          className={primaryButtonClass}
          disabled={!token.held || audienceMissing || urlMissing}
          aria-disabled={busy}
        >
          {busy ? 'Verifying…' : 'Verify'}
        </button>
        {onMintFor && (
          <button
            type="button"
            className={buttonClass}
            disabled={audienceMissing}
            onClick={() =>
              onMintFor({
                namespace: token.namespace,
                serviceAccount: token.serviceAccount,
                audience: profileId === 'kubernetes' ? '' : typed,
                verifier: profile.name,
              })
            }
          >
            Mint for this verifier
          </button>
        )}
      </div>
      {!token.held && (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          This token is no longer held (expired past the leeway or forgotten): mint a new one to verify.
        </p>
      )}
      {audienceMissing && (
        <p className="text-sm text-amber-800 dark:text-amber-200">Type the audience your verifier expects.</p>
      )}
      <div aria-live="polite" className="space-y-3">
        {error && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        )}
        {result && <ResultView result={result} />}
      </div>
    </form>
  );
}
