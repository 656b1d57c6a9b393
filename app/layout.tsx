import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/layout/app-header';
import { LiveUpdates } from '@/components/layout/live-updates';
import { env } from '@/lib/server/env';
import { pageSession } from '@/lib/server/http/page-caller';
import { liveHub } from '@/lib/server/live/hub';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Tokenscope', template: '%s · Tokenscope' },
  description: 'See, mint, use and watch Kubernetes ServiceAccount tokens expire.',
  // public/icon.svg: static assets live in public/ (served as they are, under the proxy's Host check).
  icons: { icon: { url: '/icon.svg', type: 'image/svg+xml' } },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = (await pageSession())?.signedIn?.user.username;
  // In shared mode nothing is live before sign-in (the event stream needs a signed-in session).
  const live = env().mode === 'local' || user !== undefined;
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-slate-900"
        >
          Skip to content
        </a>
        <AppHeader user={user} local={env().mode === 'local'} />
        {live && <LiveUpdates after={liveHub().lastEventId()} />}
        <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
          {children}
        </main>
      </body>
    </html>
  );
}
