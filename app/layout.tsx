import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import { GeistSans } from 'geist/font/sans';
import { GeistMono } from 'geist/font/mono';
import { AuthProvider } from '@/components/auth-provider';
import { SiteHeader } from '@/components/site-header';
import { hasLoginCookie } from '@/lib/http/cookies';
import { AUTH_MODE_COOKIE, parseAuthMode } from '@/lib/cookies';
import { env } from '@/lib/env';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Auth modes', template: '%s · Auth modes' },
  description: 'Session cookies and JWTs side by side, with what each one costs.',
};

export default async function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  // Reading the request makes every page render per request, which the CSP nonce (proxy.ts) needs.
  await headers();
  // The mode is rendered on the server so the header never flashes the wrong one.
  const jar = await cookies();
  const mode = parseAuthMode(jar.get(AUTH_MODE_COOKIE)?.value) ?? env().defaultAuthMode;
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-screen font-sans">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2">
          Skip to content
        </a>
        <AuthProvider mode={mode} mayBeLoggedIn={hasLoginCookie(mode, jar)}>
          <SiteHeader />
          <div id="main">{children}</div>
        </AuthProvider>
      </body>
    </html>
  );
}
