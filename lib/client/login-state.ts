import 'client-only';
import type { TokenResponse } from '@/lib/contracts/tokens';
import { LoggedOutError } from './api-error';
import { getClientAuth, updateClientAuth } from './auth-store';
import { leaveForLogin } from './navigation';
import { tellOtherTabs } from './tab-sync';
import type { ApiOptions } from './transport';

/** What this tab holds of its login, and what changes it: new tokens, a login that ended. */

export const forgetLogin = () => updateClientAuth({ accessToken: null, refreshExpiresAt: null, sessionEndsAt: null });

/** Holds a token response's access token (and its refresh token's end), here and in the other tabs. */
export function acceptTokens(tokens: Pick<TokenResponse, 'access_token' | 'refresh_expires_in'>): void {
  const refreshExpiresAt = Date.now() + tokens.refresh_expires_in * 1000;
  updateClientAuth({ accessToken: tokens.access_token, refreshExpiresAt });
  tellOtherTabs({ type: 'token', accessToken: tokens.access_token, refreshExpiresAt });
}

/** Nobody is logged in (any more): leaves for the login page unless the caller decides itself. */
export function loggedOut(options: Pick<ApiOptions, 'onLoggedOut'>, reason: 'anonymous' | 'expired'): never {
  const hadToken = getClientAuth().mode === 'jwt' && reason === 'expired';
  updateClientAuth({ accessToken: null, sessionEndsAt: null });
  if (hadToken) tellOtherTabs({ type: 'expired' });
  if (options.onLoggedOut !== 'throw') leaveForLogin(reason);
  throw new LoggedOutError(reason);
}
