import 'server-only';
import { signAccessToken } from '@/lib/auth/access-token';
import type { ClientInfo } from '@/lib/auth/client-info';
import { recordAuthEvent } from '@/lib/auth/events';
import { startRefreshFamily } from '@/lib/auth/refresh-token';
import { createSession } from '@/lib/auth/session';
import { sealSessionToken } from '@/lib/auth/session-seal';
import { labSessionCookie } from '@/lib/cookies';
import { env } from '@/lib/env';
import type { AuthMode } from '@/lib/validation/auth';
import type { LabLogin } from '@/lib/contracts/lab';
import type { LabAccount } from './accounts';

/**
 * Lab access tokens live min(server lifetime, 30 s), fixed here: the revocation stopwatch can
 * then watch one expire. No client can choose it, and real logins keep the server's lifetime.
 */
export const LAB_ACCESS_TOKEN_MAX_TTL_SECONDS = 30;
export const labAccessTokenTtl = () => Math.min(env().accessTokenTtl, LAB_ACCESS_TOKEN_MAX_TTL_SECONDS);

export type StartedLabLogins = { logins: LabLogin[]; sessionCookie: { value: string; expires: Date } | null };

/**
 * Logs a lab account in once per requested mode, through the same session and refresh-family code
 * as a real login. Nothing of it lands in the tab's own cookies: a session comes back as the
 * lab-only cookie, tokens only in the body (no refresh cookie).
 */
export async function startLabLogins(account: LabAccount, modes: AuthMode[], client: ClientInfo): Promise<StartedLabLogins> {
  const logins: LabLogin[] = [];
  let sessionCookie: StartedLabLogins['sessionCookie'] = null;
  for (const mode of modes) {
    if (mode === 'session') {
      const { token, session } = await createSession(account.id, client);
      const value = await sealSessionToken(token);
      sessionCookie = { value, expires: account.expiresAt };
      logins.push({ mode, loginId: session.id, cookieBytes: new TextEncoder().encode(`${labSessionCookie(env().cookieSecure).name}=${value}`).length });
    } else {
      const refresh = await startRefreshFamily(account.id, client);
      const access = await signAccessToken({ userId: account.id, role: 'seeker', loginId: refresh.familyId, authTime: refresh.authTime }, labAccessTokenTtl());
      logins.push({ mode, loginId: refresh.familyId, access_token: access.token, refresh_token: refresh.token, expires_in: labAccessTokenTtl() });
    }
    await recordAuthEvent({ type: 'login', mode, userId: account.id, client, detail: 'lab login' });
  }
  return { logins, sessionCookie };
}
