'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '@/lib/client/api';
import { userResponse } from '@/lib/contracts/users';
import { logIn } from '@/lib/client/auth-actions';
import { useAuth } from './auth-provider';
import { signupSchema, type Role } from '@/lib/validation/auth';
import { NewPasswordField } from './new-password-field';
import { Button, Field, Notice, PageTitle } from './ui';
import { useApiForm } from './use-api-form';
import { useHydrated } from './use-hydrated';

export function SignupForm({ next }: { next: string }) {
  const auth = useAuth();
  const router = useRouter();
  const [role, setRole] = useState<Role>('seeker');
  const hydrated = useHydrated();
  const { onSubmit, fields, notice, busy } = useApiForm({
    read: (form) => ({
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      name: String(form.get('name') ?? ''),
      role,
      ...(role === 'company' ? { companyName: String(form.get('companyName') ?? '') } : {}),
    }),
    schema: signupSchema,
    send: async (input) => {
      await api('/api/auth/signup', userResponse, { method: 'POST', body: input, anonymous: true });
      try {
        // The new account logs straight in, in this browser's mode.
        await logIn(auth.mode, { email: input.email, password: input.password });
        await auth.reload();
        router.replace(next);
      } catch {
        // The account exists; only the login failed (throttled, offline): the login page takes over, email filled in.
        router.push(`/login?signedUp=1&email=${encodeURIComponent(input.email)}${next !== '/me' ? `&next=${encodeURIComponent(next)}` : ''}`);
      }
      return null;
    },
    explain: (error) => (error.code === 'email_taken' ? { fields: { email: [error.message] } } : undefined),
  });

  return (
    <>
      <PageTitle lead="Job seekers apply to postings; companies publish them.">Create an account</PageTitle>
      <div className="space-y-4">
        {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
        <form onSubmit={onSubmit} method="post" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm" noValidate>
          <RoleChoice role={role} onChange={setRole} />
          <Field label="Name" name="name" autoComplete="name" required errors={fields.name} />
          {role === 'company' ? <Field label="Company name" name="companyName" autoComplete="organization" required errors={fields.companyName} /> : null}
          <Field label="Email" type="email" name="email" autoComplete="email" required errors={fields.email} />
          <NewPasswordField label="Password" name="password" errors={fields.password} />
          <Button type="submit" disabled={busy || !hydrated} className="w-full">
            {busy ? 'Creating account…' : 'Create account'}
          </Button>
        </form>
        <p className="text-sm text-slate-600">
          Already registered?{' '}
          <Link href="/login" className="font-medium text-indigo-700 underline">
            Log in
          </Link>
        </p>
      </div>
    </>
  );
}

function RoleChoice({ role, onChange }: { role: Role; onChange: (role: Role) => void }) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-slate-700">I am</legend>
      <div className="mt-2 flex gap-4">
        {(['seeker', 'company'] as const).map((value) => (
          <label key={value} className="flex items-center gap-2 text-sm">
            <input type="radio" name="role" value={value} checked={role === value} onChange={() => onChange(value)} className="focus-visible:outline-2 focus-visible:outline-indigo-600" />
            {value === 'seeker' ? 'a job seeker' : 'a company'}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
