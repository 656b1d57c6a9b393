'use client';

import { useRouter } from 'next/navigation';
import { useClusterHref } from '@/components/ui/cluster-link';
import { useState } from 'react';
import { sessionApi } from '@/lib/client/session';
import { AppError } from '@/lib/contracts/errors';

/** Sign in with your own bearer token; the server keeps it, the page forgets it at once. */
export function SignInForm() {
  const router = useRouter();
  const onCluster = useClusterHref();
  const [token, setToken] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await sessionApi.signIn(token);
      setToken('');
      router.push(onCluster('/'));
      router.refresh();
    } catch (err) {
      setError(err instanceof AppError ? err.detail : 'Sign-in failed.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-3">
      <label htmlFor="signin-token" className="block text-sm font-medium">
        Your bearer token
      </label>
      <textarea
        id="signin-token"
        required
        rows={5}
        autoComplete="off"
        spellCheck={false}
        value={token}
        onChange={(e) => setToken(e.target.value)}
        className="w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs dark:border-slate-700 dark:bg-slate-900"
        placeholder="kubectl create token <your-serviceaccount>  or  an OIDC id_token"
      />
      {error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy || token.trim().length < 20}
        className="rounded-md bg-sky-600 px-4 py-2 text-sm font-medium text-white hover:bg-sky-700 disabled:opacity-50"
      >
        {busy ? 'Checking with the API server…' : 'Sign in'}
      </button>
    </form>
  );
}
