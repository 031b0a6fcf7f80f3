import 'server-only';
import { currentDate, now } from '@/lib/clock';
import { db } from '@/lib/db/client';
import { Forbidden, StepUpRequired, Unauthenticated } from '@/lib/domain-errors';
import { env } from '@/lib/env';
import { signAccessToken } from './access-token';
import type { ClientInfo } from './client-info';
import { recordAuthEvent } from './events';
import { consumeLoginAttempt, recordLoginSuccess } from './login-throttle';
import { verifyPassword } from './password';
import type { Principal } from './principal';
import { markFamilyAuthenticated } from './refresh-family';
import { markSessionAuthenticated } from './session';

/**
 * Step-up for sensitive actions (RFC 9470 style): the caller's login must have checked the
 * password within STEP_UP_MAX_AGE seconds. Only a password check moves auth_time (login,
 * POST /api/auth/reauthenticate); refreshes and session activity never do. A login without
 * auth_time (from before it existed) is never fresh.
 */
export function requireRecentAuthentication(principal: Principal): void {
  const maxAge = env().stepUpMaxAge;
  const authTime = principal.authTime?.getTime();
  if (authTime !== undefined && now() - authTime <= maxAge * 1000) return;
  const scheme = principal.mode === 'jwt' ? (principal.dpopJkt ? 'DPoP' : 'Bearer') : null;
  throw new StepUpRequired(maxAge, scheme);
}

export type Reauthentication =
  | { mode: 'session'; authTime: Date }
  | { mode: 'jwt'; authTime: Date; accessToken: string; accessTokenExpiresAt: Date; tokenType: 'Bearer' | 'DPoP' };

/**
 * Checks the password again for the login making the request and makes that login fresh. It is
 * throttled exactly like a login (the same per-account and per-address counters): a stolen
 * session must not become a password oracle. In JWT mode the caller gets a new access token with
 * the new auth_time, bound to the same DPoP key as the one it presented.
 */
export async function reauthenticate(principal: Principal, password: string, client: ClientInfo): Promise<Reauthentication> {
  const user = await db().user.findUnique({ where: { id: principal.userId }, select: { email: true, passwordHash: true } });
  if (!user) throw new Unauthenticated('This account no longer exists.');
  await consumeLoginAttempt(user.email, client.ip);
  if (!(await verifyPassword(password, user.passwordHash))) {
    await recordAuthEvent({ type: 'reauthentication_failed', mode: principal.mode, userId: principal.userId, client });
    // 403, not 401: the login itself is fine, and a 401 would send the page to the login form.
    throw new Forbidden('The password is incorrect.', 'invalid_password');
  }
  await recordLoginSuccess(user.email, client.ip);
  const authTime = currentDate();
  const marked = principal.mode === 'session' ? await markSessionAuthenticated(principal.loginId, authTime) : await markFamilyAuthenticated(principal.loginId, authTime);
  if (!marked) throw new Unauthenticated('Your login has ended. Log in again.');
  await recordAuthEvent({ type: 'reauthenticated', mode: principal.mode, userId: principal.userId, client });
  if (principal.mode === 'session') return { mode: 'session', authTime };
  const access = await signAccessToken({ userId: principal.userId, role: principal.role, loginId: principal.loginId, jkt: principal.dpopJkt, authTime });
  return { mode: 'jwt', authTime, accessToken: access.token, accessTokenExpiresAt: access.expiresAt, tokenType: principal.dpopJkt ? 'DPoP' : 'Bearer' };
}
