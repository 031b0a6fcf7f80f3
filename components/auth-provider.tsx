'use client';

import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { usePathname } from 'next/navigation';
import type { AuthMode } from '@/lib/validation/auth';
import { meResponse, type Me } from '@/lib/contracts/me';
import { api, configureClientAuth } from '@/lib/client/api';
import { errorMessage, LoggedOutError } from '@/lib/client/api-error';
import { startTabSync } from '@/lib/client/follow-tabs';
import { leaveForLogin } from '@/lib/client/navigation';
import { needsLogin } from '@/lib/routes';
import { IdleWarning } from './idle-warning';

type AuthState =
  | { status: 'loading'; me: null; error: null }
  | { status: 'authenticated'; me: Me; error: null }
  /** `expired`: a login was there and the server no longer accepts it. */
  | { status: 'anonymous'; me: null; error: null; reason: 'anonymous' | 'expired' }
  | { status: 'error'; me: null; error: string };

type AuthContextValue = AuthState & {
  mode: AuthMode;
  /** Asks the server again who is logged in (after a login, a name change). */
  reload: () => Promise<void>;
};

const AuthContext = createContext<AuthContextValue | null>(null);

const NOBODY: Extract<AuthState, { status: 'anonymous' }> = { status: 'anonymous', me: null, error: null, reason: 'anonymous' };

/**
 * `mayBeLoggedIn` is what the server saw in the page request: a session cookie, or the hint that
 * a refresh cookie was set (that cookie itself never reaches pages). Without either nobody can be
 * logged in, so the page does not ask the API and log a 401 to find out.
 */
export function AuthProvider({ mode, mayBeLoggedIn, children }: { mode: AuthMode; mayBeLoggedIn: boolean; children: React.ReactNode }) {
  // Before any child's effect calls the API, so every request already knows the mode.
  useState(() => configureClientAuth(mode));
  const [state, setState] = useState<AuthState>(mayBeLoggedIn ? { status: 'loading', me: null, error: null } : NOBODY);
  const pathname = usePathname();
  const status = useRef(state.status);
  useEffect(() => {
    status.current = state.status;
  }, [state.status]);

  const reload = useCallback(async () => setState(await fetchAuthState()), []);

  useEffect(() => {
    if (!mayBeLoggedIn) return;
    let current = true;
    void fetchAuthState().then((next) => current && setState(next));
    return () => {
      current = false;
    };
  }, [mayBeLoggedIn]);

  // A tab that shows nobody logged in catches up when another tab logs in.
  useEffect(() => startTabSync(() => status.current !== 'authenticated' && void reload()), [reload]);

  const leaveReason = state.status === 'anonymous' ? state.reason : null;
  useEffect(() => {
    if (leaveReason && needsLogin(pathname)) leaveForLogin(leaveReason);
  }, [leaveReason, pathname]);

  return (
    <AuthContext.Provider value={{ ...state, mode, reload }}>
      {children}
      {state.status === 'authenticated' ? <IdleWarning warningSeconds={state.me.auth.idleWarningSeconds} /> : null}
    </AuthContext.Provider>
  );
}

async function fetchAuthState(): Promise<AuthState> {
  try {
    return { status: 'authenticated', me: await api('/api/me', meResponse, { onLoggedOut: 'throw' }), error: null };
  } catch (error) {
    if (error instanceof LoggedOutError) return { ...NOBODY, reason: error.reason };
    return { status: 'error', me: null, error: errorMessage(error) ?? 'Could not load your account.' };
  }
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth needs an <AuthProvider> above it');
  return value;
}
