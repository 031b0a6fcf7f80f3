import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { SettingsPage } from '@/components/settings/settings-page';
import { sessionCookieName } from '@/lib/http/cookies';

export const metadata: Metadata = { title: 'Settings' };

export default async function Settings() {
  // The session cookie is HttpOnly: page scripts cannot see it, so the server reports what it received.
  const name = sessionCookieName();
  const value = (await cookies()).get(name)?.value;
  const sessionCookie = value === undefined ? null : { name, bytes: new TextEncoder().encode(`${name}=${value}`).length };
  return (
    <main className="mx-auto max-w-5xl px-4 py-8">
      <SettingsPage sessionCookie={sessionCookie} />
    </main>
  );
}
