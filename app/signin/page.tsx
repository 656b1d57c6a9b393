import type { Metadata } from 'next';
import { SignInForm } from '@/components/layout/signin-form';
import { env } from '@/lib/server/env';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

export default function SignInPage() {
  const shared = env().mode === 'shared';
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-300">
          {shared
            ? 'This Tokenscope is shared. It acts as you, with your own token, and never lends anyone its own identity.'
            : 'Tokenscope runs locally with its own identity. Signing in makes it act as your token instead.'}
        </p>
      </header>
      <SignInForm />
      <p className="text-sm text-slate-500">
        The API server checks the token (SelfSubjectReview). It stays in the server’s memory for this session only and is
        dropped when you sign out.
      </p>
    </div>
  );
}
