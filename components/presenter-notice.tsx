/** What the room should know while presenting: tokens are masked and minting is audited. */
export function PresenterNotice({ namespace }: { namespace: string }) {
  return (
    <aside
      role="note"
      data-testid="presenter-notice"
      className="rounded-lg border-2 border-sky-700 bg-sky-50 p-4 text-sky-950 dark:border-sky-300 dark:bg-sky-950 dark:text-sky-50"
    >
      <p className="font-semibold">Presenter mode: tokens are masked and cannot be revealed or copied.</p>
      <p className="mt-1 text-sm">
        Every token minted here is a real TokenRequest (
        <code className="font-mono">create serviceaccounts/token</code> in{' '}
        <code className="font-mono">{namespace}</code>): it shows up in the cluster’s audit log under the
        identity that asked: Tokenscope’s (yours, when signed in) or a held token’s.
      </p>
    </aside>
  );
}
