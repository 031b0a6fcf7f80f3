/**
 * Credentials for the load, made by the app's own code (same secrets as the server), so they are
 * byte for byte what a browser or client would hold after logging in.
 */
import { signAccessToken } from '@/lib/auth/access-token';
import { sessionCookieName } from '@/lib/auth/cookies';
import { sealSessionToken } from '@/lib/auth/session';
import { env } from '@/lib/env';
import type { RefreshCredential, SessionCredential } from './population';

/** The Cookie header a browser sends in session mode. */
export async function sessionCookieHeader(credential: SessionCredential): Promise<string> {
  return `${sessionCookieName()}=${await sealSessionToken(credential.token)}`;
}

/** The Authorization header a client sends in JWT mode. */
export async function bearerHeader(credential: RefreshCredential): Promise<string> {
  const { token } = await signAccessToken({ userId: credential.userId, role: credential.role, loginId: credential.familyId });
  return `Bearer ${token}`;
}

/**
 * An access token of this login as the server issued it one lifetime and a minute ago: expired
 * now. Made by the app's signer with the clock set back, then restored before anything else runs.
 */
export async function expiredBearerHeader(credential: RefreshCredential): Promise<string> {
  const realNow = Date.now;
  const shift = (env().accessTokenTtl + 60) * 1000;
  Date.now = () => realNow() - shift;
  try {
    return await bearerHeader(credential);
  } finally {
    Date.now = realNow;
  }
}
