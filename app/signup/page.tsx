import type { Metadata } from 'next';
import { SignupForm } from '@/components/signup-form';
import { safeNextPath } from '@/lib/routes';

export const metadata: Metadata = { title: 'Sign up' };

export default async function SignupPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next } = await searchParams;
  return (
    <main className="mx-auto max-w-md px-4 py-10">
      <SignupForm next={safeNextPath(typeof next === 'string' ? next : undefined)} />
    </main>
  );
}
