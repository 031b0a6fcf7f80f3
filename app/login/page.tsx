import type { Metadata } from 'next';
import { LoginForm } from '@/components/login-form';
import { safeNextPath } from '@/lib/routes';

export const metadata: Metadata = { title: 'Log in' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const notice = single(params.expired)
    ? 'Your session expired. Please log in again.'
    : single(params.loggedOut)
      ? 'You are logged out.'
      : single(params.signedUp)
        ? 'Your account is ready. Log in to continue.'
        : single(params.switched)
          ? 'Auth mode switched. Log in again to continue in the new mode.'
          : single(params.next)
            ? 'Log in to continue.'
            : null;
  return (
    <main className="mx-auto max-w-md px-4 py-10">
      <LoginForm next={safeNextPath(single(params.next))} notice={notice} email={single(params.email)?.slice(0, 320) ?? ''} />
    </main>
  );
}
