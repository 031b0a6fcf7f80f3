import 'client-only';
import { labLoginsResponse, type LabLogin, type LabLoginsResponse } from '@/lib/contracts/lab';
import { tokenResponse } from '@/lib/contracts/tokens';
import type { AuthMode } from '@/lib/validation/auth';
import { expectBody, labRequest, type LabCredentialRef } from './request';

export type JwtLabLogin = Extract<LabLogin, { mode: 'jwt' }>;
export type SessionLabLogin = Extract<LabLogin, { mode: 'session' }>;

/** A throwaway account with one login per mode asked for (POST /api/lab/logins). */
export async function startLabLogins(modes: AuthMode[]): Promise<LabLoginsResponse> {
  // Cookies on: the browser must store the lab-only session cookie this response may set.
  const reply = await labRequest('/api/lab/logins', { kind: 'session' }, { method: 'POST', body: { modes } });
  return expectBody(reply, 201, labLoginsResponse);
}

export function jwtLogins(started: LabLoginsResponse): JwtLabLogin[] {
  return started.logins.filter((login): login is JwtLabLogin => login.mode === 'jwt');
}

export function sessionLogin(started: LabLoginsResponse): SessionLabLogin | null {
  return started.logins.find((login): login is SessionLabLogin => login.mode === 'session') ?? null;
}

/**
 * Deletes the experiment's account with the first credential that still works. None may (every
 * login revoked and expired): the clean-up then deletes it once its lifetime is over.
 */
export async function endLabAccount(credentials: LabCredentialRef[]): Promise<'deleted' | 'left to the clean-up'> {
  for (const credential of credentials) {
    const reply = await labRequest('/api/lab/account', credential, { method: 'DELETE' });
    if (reply.status === 204) return 'deleted';
  }
  return 'left to the clean-up';
}

/** A refresh with the token in the header (no cookie sent or stored): the header-only flow. */
export async function refreshWith(refreshToken: string) {
  const reply = await labRequest('/api/auth/jwt/refresh', { kind: 'jwt', token: refreshToken }, { method: 'POST' });
  const tokens = reply.status === 200 ? tokenResponse.parse(reply.body) : null;
  return { reply, tokens };
}

/**
 * A lab JWT login's access token, renewed through the header-only refresh when it expires in the
 * middle of an experiment (lab tokens live at most 30 s), as the app's wrapper does for the tab.
 */
export function renewableToken(login: { access_token: string; refresh_token: string }) {
  let current = { access_token: login.access_token, refresh_token: login.refresh_token };
  let renewals = 0;
  return {
    credential: (): LabCredentialRef => ({ kind: 'jwt', token: current.access_token }),
    renewals: () => renewals,
    /** True when a fresh access token is in place. */
    async renew(): Promise<boolean> {
      const { tokens } = await refreshWith(current.refresh_token);
      if (!tokens) return false;
      current = tokens;
      renewals += 1;
      return true;
    },
  };
}

export type RenewableToken = ReturnType<typeof renewableToken>;

/** One request with the token; an expired token is renewed once and the request sent again. */
export async function requestWithRenewal(path: string, token: RenewableToken) {
  const reply = await labRequest(path, token.credential());
  if (reply.status === 401 && reply.tokenError && (await token.renew())) return labRequest(path, token.credential());
  return reply;
}
