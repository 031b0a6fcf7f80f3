'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ApiError, errorMessage, logIn } from '@/lib/client/api';
import { modeLabel } from '@/lib/client/auth-mode';
import { useAuth } from './auth-provider';
import { Button, Field, Notice, PageTitle } from './ui';
import { useHydrated } from './use-hydrated';

// One message for unknown email and wrong password alike: the form must not reveal which accounts exist.
const GENERIC_FAILURE = 'Email or password is incorrect.';

export function LoginForm({ next, notice }: { next: string; notice: string | null }) {
  const auth = useAuth();
  const router = useRouter();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const hydrated = useHydrated();

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // Read from the form, not from state: text typed before hydration is in the inputs only.
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '');
    const password = String(form.get('password') ?? '');
    setBusy(true);
    setProblem(null);
    try {
      await logIn(auth.mode, { email, password });
      await auth.reload();
      router.replace(next);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'invalid_credentials') setProblem(GENERIC_FAILURE);
      else if (error instanceof ApiError && error.status === 422) setProblem('Enter your email and password.');
      else setProblem(errorMessage(error));
      setBusy(false);
    }
  }

  return (
    <>
      <PageTitle lead={<>You will log in with <strong data-testid="login-mode">{modeLabel(auth.mode)}</strong> mode. <Link className="text-indigo-700 underline" href="/settings">Change it in settings</Link>.</>}>
        Log in
      </PageTitle>
      <div className="space-y-4">
        {notice ? <Notice tone="info">{notice}</Notice> : null}
        {problem ? <Notice tone="error">{problem}</Notice> : null}
        <form onSubmit={onSubmit} method="post" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm" noValidate>
          <Field label="Email" type="email" name="email" autoComplete="username" required />
          <Field label="Password" type="password" name="password" autoComplete="current-password" required />
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
