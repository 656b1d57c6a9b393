'use client';

import { useRouter } from 'next/navigation';
import { sessionApi } from '@/lib/client/session';

/** Ends the session: the server drops it and every token it held. */
export function SignOutButton() {
  const router = useRouter();
  return (
    <button
      type="button"
      onClick={async () => {
        await sessionApi.signOut().catch(() => undefined);
        router.push('/signin');
        router.refresh();
      }}
      className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
    >
      Sign out
    </button>
  );
}
