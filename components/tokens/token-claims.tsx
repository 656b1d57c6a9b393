import type { MintedToken } from '@/lib/contracts/tokens';
import { explainClaims } from '@/lib/tokens/claim-meanings';

/** Every claim of the token with what it means, in the order a learner reads them. */
export function TokenClaims({ token }: { token: MintedToken }) {
  const rows = explainClaims(token.claims);
  const { alg, kid } = token.header;
  return (
    <details className="group rounded-md border border-slate-200 dark:border-slate-800">
      <summary className="cursor-pointer select-none px-3 py-2 text-sm font-medium hover:bg-slate-50 dark:hover:bg-slate-800/60">
        Claims explained ({rows.length})
      </summary>
      <div className="border-t border-slate-200 px-3 py-2 dark:border-slate-800">
        <p className="mb-2 text-xs text-slate-500 dark:text-slate-400">
          Decoded, not verified: header alg <code className="font-mono">{alg}</code>
          {kid && (
            <>
              , kid <code className="font-mono break-all">{kid}</code>
            </>
          )}
          . Only the API server decides whether the signature is good.
        </p>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Claims of the token and what each means</caption>
          <thead className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                Claim
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Value
              </th>
              <th scope="col" className="py-1 font-medium">
                Meaning
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
            {rows.map((r) => (
              <tr key={r.key} className="align-top">
                <th scope="row" className="py-1.5 pr-3 font-mono text-xs font-medium whitespace-nowrap">
                  {r.key}
                </th>
                <td className="py-1.5 pr-3 font-mono text-xs break-all">{r.value}</td>
                <td className="py-1.5 text-slate-600 dark:text-slate-300">{r.meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
