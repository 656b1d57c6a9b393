/**
 * What the room should know while presenting, as a chip beside the presenter switch: tokens are
 * masked, and minting is audited (the details open from the chip, so they never push the step down).
 */
export function PresenterNotice({ namespace }: { namespace: string }) {
  return (
    <details data-testid="presenter-notice" className="relative">
      <summary className="inline-flex cursor-pointer list-none items-center whitespace-nowrap gap-1.5 rounded-full border-2 border-sky-700 bg-sky-50 px-3 py-0.5 text-sm font-semibold text-sky-950 hover:bg-sky-100 dark:border-sky-300 dark:bg-sky-950 dark:text-sky-50 [&::-webkit-details-marker]:hidden">
        <svg aria-hidden viewBox="0 0 16 16" className="h-4 w-4 fill-current">
          <path d="M8 1a3.5 3.5 0 0 0-3.5 3.5V7H4a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 6H6V4.5a2 2 0 1 1 4 0V7Z" />
        </svg>
        Tokens masked · audited
      </summary>
      <div
        role="note"
        className="absolute left-0 z-30 mt-2 w-[min(24rem,calc(100vw-2rem))] rounded-lg border-2 border-sky-700 bg-sky-50 p-3 text-sm text-sky-950 shadow-lg sm:right-0 sm:left-auto dark:border-sky-300 dark:bg-sky-950 dark:text-sky-50"
      >
        <p className="font-semibold">Presenter mode: tokens are masked and cannot be revealed or copied.</p>
        <p className="mt-1">
          Every token minted here is a real TokenRequest (
          <code className="font-mono">create serviceaccounts/token</code> in{' '}
          <code className="font-mono">{namespace}</code>): it shows up in the cluster’s audit log under the
          identity that asked: Tokenscope’s (yours, when signed in) or a held token’s.
        </p>
      </div>
    </details>
  );
}
