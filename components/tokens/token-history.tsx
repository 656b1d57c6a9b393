import type { MintedToken } from '@/lib/contracts/tokens';
import { NO_JTI } from '@/lib/k8s/claims';
import { clockTime, clockTimeFrom, subjectOf, tokenHandle } from './token-view';

const statusClass: Record<MintedToken['status'], string> = {
  valid: 'text-emerald-700 dark:text-emerald-400',
  expired: 'text-orange-700 dark:text-orange-300',
  rejected: 'text-red-700 dark:text-red-400',
  revoked: 'text-red-700 dark:text-red-400',
  forgotten: 'text-slate-500 dark:text-slate-400',
};

/** Every token of this session, forgotten ones included, as metadata only (never the token). */
export function TokenHistory({ tokens }: { tokens: MintedToken[] }) {
  if (tokens.length === 0) {
    return <p className="text-sm text-slate-500 dark:text-slate-400">No tokens in this session yet.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      {/* Wider than a phone on purpose: it scrolls inside its box instead of squeezing six columns. */}
      <table data-testid="token-history" className="w-full min-w-[48rem] text-left text-sm">
        <caption className="sr-only">Tokens of this session and their status</caption>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:text-slate-400">
          <tr>
            {['Token', 'Audiences', 'Bound to', 'Issued', 'Expires', 'Status'].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top dark:divide-slate-800">
          {tokens.map((t) => (
            <tr key={t.id} data-token-id={t.id}>
              <th scope="row" className="px-3 py-2 text-left font-normal">
                <span className="block font-medium">{tokenHandle(t)}</span>
                <span className="block font-mono text-xs text-slate-600 dark:text-slate-300">
                  {subjectOf(t)}
                </span>
                <span className="block font-mono text-xs text-slate-500 dark:text-slate-400">
                  jti {t.jti ?? NO_JTI}
                </span>
              </th>
              <td className="px-3 py-2 font-mono text-xs break-all">{t.audiences.join(', ') || '—'}</td>
              <td className="px-3 py-2 font-mono text-xs">
                {t.boundObject ? `${t.boundObject.kind}/${t.boundObject.name}` : '—'}
              </td>
              <td className="px-3 py-2 font-mono text-xs whitespace-nowrap">{clockTime(t.issuedAt)}</td>
              <td className="px-3 py-2 font-mono text-xs whitespace-nowrap">
                {clockTimeFrom(Date.parse(t.jwtExpiresAt), Date.parse(t.issuedAt))}
              </td>
              <td className={`px-3 py-2 font-medium ${statusClass[t.status]}`} data-testid="history-status">
                {t.status}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
