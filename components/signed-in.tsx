'use client';

import type { Me } from '@/lib/contracts/me';
import { useAuth } from './auth-provider';
import { Notice } from './ui';

/**
 * Renders its content once the server has said who is logged in. Nobody logged in: the auth
 * provider is already sending the browser to the login page, so there is nothing to show.
 */
export function SignedIn({ children }: { children: (me: Me) => React.ReactNode }) {
  const auth = useAuth();
  if (auth.status === 'authenticated') return children(auth.me);
  if (auth.status === 'error') return <Notice tone="error">{auth.error}</Notice>;
  return (
    <p role="status" className="text-slate-500">
      {auth.status === 'anonymous' ? 'Taking you to the login page…' : 'Loading…'}
    </p>
  );
}
