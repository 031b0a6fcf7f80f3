import 'client-only';
import { useSyncExternalStore } from 'react';
import type { AuthMode } from '@/lib/validation/auth';
import type { TimingRecord } from './server-timing';

/**
 * What this tab holds, in module memory only: the access token never goes to localStorage or a
 * readable cookie, so it is gone when the page is closed, and a new page load asks for a new one.
 * Components read it through useClientAuth(); the fetch wrapper is the only writer.
 */
export type ClientAuthState = {
  mode: AuthMode;
  accessToken: string | null;
  /** When the refresh token expires, as the server reported it (refresh_expires_in). */
  refreshExpiresAt: number | null;
  /** Session mode: when the session ends unless it is used again, as the server last reported it. */
  sessionEndsAt: number | null;
  lastTiming: TimingRecord | null;
};

let state: ClientAuthState = { mode: 'session', accessToken: null, refreshExpiresAt: null, sessionEndsAt: null, lastTiming: null };
const listeners = new Set<() => void>();

export const getClientAuth = (): ClientAuthState => state;

export function updateClientAuth(patch: Partial<ClientAuthState>): void {
  state = { ...state, ...patch };
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * When this tab's login ends if nobody uses it: the session's idle end in session mode, the
 * refresh token's expiry in JWT mode (the access token is renewed from it). Null when unknown.
 */
export const loginEndsAt = (auth: ClientAuthState): number | null => (auth.mode === 'session' ? auth.sessionEndsAt : auth.refreshExpiresAt);

export function useClientAuth(): ClientAuthState {
  return useSyncExternalStore(subscribe, getClientAuth, getClientAuth);
}
