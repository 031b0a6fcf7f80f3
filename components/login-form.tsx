'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId } from 'react';
import { logIn } from '@/lib/client/auth-actions';
import { modeLabel } from '@/lib/client/auth-mode';
import { useAuth } from './auth-provider';
import { Button, Field, Notice, PageTitle } from './ui';
import { useApiForm } from './use-api-form';
import { useHydrated } from './use-hydrated';

// One message for unknown email and wrong password alike: the form must not reveal which accounts exist.
const GENERIC_FAILURE = 'Email or password is incorrect.';

export function LoginForm({ next, notice: arrival, email }: { next: string; notice: string | null; email: string }) {
  const auth = useAuth();
  const router = useRouter();
  const hydrated = useHydrated();
  // No schema: the server's 422 becomes one message below, as the form shows no field errors.
  const { onSubmit, notice, busy } = useApiForm({
    read: (form) => ({ email: String(form.get('email') ?? ''), password: String(form.get('password') ?? ''), remember: form.get('remember') === 'on' }),
    send: async (credentials) => {
      await logIn(auth.mode, credentials);
      await auth.reload();
      router.replace(next);
      return null;
    },
    explain: (error) =>
      error.code === 'invalid_credentials' ? { problem: GENERIC_FAILURE } : error.status === 422 ? { problem: 'Enter your email and password.' } : undefined,
  });

  return (
    <>
      <PageTitle lead={<>You will log in with <strong data-testid="login-mode">{modeLabel(auth.mode)}</strong> mode. <Link className="text-indigo-700 underline" href="/settings">Change it in settings</Link>.</>}>
        Log in
      </PageTitle>
      <div className="space-y-4">
        {arrival ? <Notice tone="info">{arrival}</Notice> : null}
        {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
        <form onSubmit={onSubmit} method="post" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm" noValidate>
          <Field label="Email" type="email" name="email" autoComplete="username" required defaultValue={email} />
          <Field label="Password" type="password" name="password" autoComplete="current-password" required />
          <RememberMe />
          <Button type="submit" disabled={busy || !hydrated} className="w-full">
            {busy ? 'Logging in…' : `Log in (${modeLabel(auth.mode)})`}
          </Button>
        </form>
        <p className="text-sm text-slate-600">
          No account yet?{' '}
          <Link href={`/signup${next !== '/me' ? `?next=${encodeURIComponent(next)}` : ''}`} className="font-medium text-indigo-700 underline">
            Sign up
          </Link>
        </p>
      </div>
    </>
  );
}

/** Unticked, the login ends when the browser closes (a cookie without expiry) and sooner on the server (SESSION_TRANSIENT_TTL). */
function RememberMe() {
  const hintId = useId();
  return (
    <div>
      <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
        <input type="checkbox" name="remember" defaultChecked aria-describedby={hintId} className="h-4 w-4 rounded border-slate-300 accent-indigo-600" />
        Keep me logged in
      </label>
      <p id={hintId} className="mt-1 text-xs text-slate-500">
        Untick on a shared computer: you are then logged out when you close the browser, and sooner than usual.
      </p>
    </div>
  );
}
