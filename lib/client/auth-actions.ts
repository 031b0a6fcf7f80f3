import 'client-only';
import { meResponse } from '@/lib/contracts/me';
import { jwtReauthentication, sessionLoginResponse, sessionReauthentication, tokenResponse } from '@/lib/contracts/tokens';
import type { User } from '@/lib/contracts/users';
import type { AuthMode } from '@/lib/validation/auth';
import { api } from './api';
import { writeAuthModeCookie } from './auth-mode';
import { getClientAuth, updateClientAuth } from './auth-store';
import { bindingEnabled, writeBindingPreference } from './dpop';
import { acceptTokens, forgetLogin, loggedOut } from './login-state';
import { leaveForLogin, leaveTo, switchedUrl } from './navigation';
import { readError, readResult } from './responses';
import { tellOtherTabs } from './tab-sync';
import { obtainAccessToken } from './token-refresh';
import { send } from './transport';

/** What a visitor does with a login: log in, confirm the password, stay, log out, switch mode. */

/** `remember`: "Keep me logged in"; false makes the login end with the browser session (and within 12 h). */
export async function logIn(mode: AuthMode, credentials: { email: string; password: string; remember?: boolean }): Promise<User> {
  const proof = mode === 'jwt' && (await bindingEnabled());
  const response = await send(`/api/auth/${mode}/login`, { method: 'POST', body: credentials }, { cookies: true, proof });
  let user: User;
  if (mode === 'jwt') {
    const tokens = await readResult(response, tokenResponse);
    acceptTokens(tokens);
    user = tokens.user;
  } else {
    user = (await readResult(response, sessionLoginResponse)).user;
  }
  tellOtherTabs({ type: 'login', mode });
  return user;
}

/**
 * Step-up: checks the password again for the current login. In JWT mode the answer carries an
 * access token with the new auth_time, which replaces the held one here and in the other tabs.
 */
export async function reauthenticate(password: string): Promise<void> {
  const request = { method: 'POST', body: { password } } as const;
  if (getClientAuth().mode !== 'jwt') {
    await api('/api/auth/reauthenticate', sessionReauthentication, request);
    return;
  }
  const { access_token } = await api('/api/auth/reauthenticate', jwtReauthentication, request);
  const { refreshExpiresAt } = getClientAuth();
  updateClientAuth({ accessToken: access_token });
  if (refreshExpiresAt !== null) tellOtherTabs({ type: 'token', accessToken: access_token, refreshExpiresAt });
}

/**
 * "Stay logged in": one request that slides the session's idle expiry (session mode) or rotates
 * the refresh token (JWT mode), which is what the idle-timeout warning offers.
 */
export async function extendLogin(): Promise<void> {
  if (getClientAuth().mode === 'jwt') {
    const token = await obtainAccessToken(getClientAuth().accessToken);
    if (token === null) loggedOut({}, 'expired');
    return;
  }
  await api('/api/me', meResponse);
}

/** Ends the login on the server, forgets the token, and tells the other tabs to leave too. */
export async function logOut(): Promise<void> {
  await endLogin();
  tellOtherTabs({ type: 'logout' });
}

/**
 * Logging out of the current mode first means no credential of the old mode is left behind. The
 * other tabs hear of it only after the cookie names the new mode, so the login page they load
 * next is rendered for it.
 */
export async function switchMode(mode: AuthMode): Promise<void> {
  await endLogin();
  writeAuthModeCookie(mode);
  tellOtherTabs({ type: 'mode', mode });
  leaveTo(switchedUrl(mode));
}

async function endLogin(): Promise<void> {
  const { mode } = getClientAuth();
  const response = await send(`/api/auth/${mode}/logout`, { method: 'POST' }, { cookies: true });
  if (!response.ok) throw await readError(response);
  forgetLogin();
}

/**
 * The idle warning's end: nobody chose to stay. The server has ended the login by now or is about
 * to (the end was its own report); logging out makes sure, and a failure to reach it changes
 * nothing for the page, which leaves for the login page with the expiry message like every tab.
 */
export async function endIdleLogin(): Promise<void> {
  await endLogin().catch(() => forgetLogin());
  tellOtherTabs({ type: 'expired' });
  leaveForLogin('expired');
}

/**
 * "Bind my tokens to this browser": takes effect at the next login, so a JWT-mode login ends
 * first. A bound login refreshed without its key would be revoked as stolen anyway.
 */
export async function setTokenBinding(on: boolean): Promise<void> {
  const { mode, accessToken } = getClientAuth();
  if (mode === 'jwt') await endLogin();
  writeBindingPreference(on);
  if (mode === 'jwt' && accessToken !== null) {
    tellOtherTabs({ type: 'logout' });
    leaveForLogin('loggedOut');
  }
}
