'use client';

import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { usePathname } from 'next/navigation';
import type { AuthMode } from '@/lib/validation/auth';
import { api, configureClientAuth, errorMessage, LoggedOutError, startTabSync, type User } from '@/lib/client/api';
import { leaveTo } from '@/lib/client/navigation';
import { loginUrl, needsLogin } from '@/lib/client/routes';

/** GET /api/me: the user, and how this request was authenticated. */
export type Me = {
  user: User;
  auth:
    | { mode: 'session'; loginId: string; session: { createdAt: string; lastSeenAt: string; idleExpiresAt: string; absoluteExpiresAt: string } }
    | { mode: 'jwt'; loginId: string; accessTokenExpiresAt: string };
};

type AuthState =
  | { status: 'loading'; me: null; error: null }
  | { status: 'authenticated'; me: Me; error: null }
  | { status: 'anonymous'; me: null; error: null }
  | { status: 'error'; me: null; error: string };

type AuthContextValue = AuthState & {
  mode: AuthMode;
  /** Asks the server again who is logged in (after a login, a name change). */
  reload: () => Promise<void>;
};

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ mode, children }: { mode: AuthMode; children: React.ReactNode }) {
  // Before any child's effect calls the API, so every request already knows the mode.
  useState(() => configureClientAuth(mode));
  const [state, setState] = useState<AuthState>({ status: 'loading', me: null, error: null });
  const pathname = usePathname();

  const reload = useCallback(async () => setState(await fetchAuthState()), []);

  useEffect(() => {
    let current = true;
    void fetchAuthState().then((next) => current && setState(next));
    return () => {
      current = false;
    };
  }, []);

  useEffect(() => startTabSync(), []);

  useEffect(() => {
    if (state.status === 'anonymous' && needsLogin(pathname)) {
      leaveTo(loginUrl({ next: pathname + window.location.search }));
    }
  }, [state.status, pathname]);

  return <AuthContext.Provider value={{ ...state, mode, reload }}>{children}</AuthContext.Provider>;
}

async function fetchAuthState(): Promise<AuthState> {
  try {
    return { status: 'authenticated', me: await api<Me>('/api/me', { onLoggedOut: 'throw' }), error: null };
  } catch (error) {
    if (error instanceof LoggedOutError) return { status: 'anonymous', me: null, error: null };
    return { status: 'error', me: null, error: errorMessage(error) ?? 'Could not load your account.' };
  }
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth needs an <AuthProvider> above it');
  return value;
}
