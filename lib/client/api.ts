import 'client-only';
import type { z } from 'zod';
import type { AuthMode } from '@/lib/validation/auth';
import { getClientAuth, updateClientAuth } from './auth-store';
import { loggedOut } from './login-state';
import { discard, isStepUpChallenge, readResult } from './responses';
import { sendWithAccessToken } from './token-refresh';
import { send, type ApiOptions } from './transport';

/**
 * The one way pages talk to the API. It knows the auth mode: in session mode the browser's cookie
 * does the work; in JWT mode it adds the in-memory access token and renews it (token-refresh.ts).
 * With DPoP (dpop.ts) the logins and refreshes are proved with this browser's key and every
 * request with a bound token carries a proof. Whatever happens, a page gets either the response
 * body, checked against the endpoint's contract (lib/contracts), or an ApiError to show.
 */
export async function api<Schema extends z.ZodType>(path: string, schema: Schema, options: ApiOptions = {}): Promise<z.output<Schema>> {
  if (options.anonymous) return readResult(await send(path, options, {}), schema);
  const response = getClientAuth().mode === 'session' ? await send(path, options, { cookies: true }) : await sendWithAccessToken(path, options);
  // A step-up challenge is a 401 from a login that is fine: the caller asks for the password (StepUpDialog).
  if (response.status === 401 && !(await isStepUpChallenge(response))) {
    discard(response);
    return loggedOut(options, getClientAuth().mode === 'session' ? 'expired' : 'anonymous');
  }
  return readResult(response, schema);
}

/** Sets the mode this page works in; the server read it from the auth-mode cookie when rendering. */
export function configureClientAuth(mode: AuthMode): void {
  if (getClientAuth().mode !== mode) updateClientAuth({ mode, accessToken: null, refreshExpiresAt: null });
}

export type { ApiOptions };
