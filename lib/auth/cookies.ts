import 'server-only';
import { env } from '@/lib/env';

// With Secure cookies the prefixes make the browser enforce the attributes: __Host- pins the
// cookie to this exact host and Path=/; __Secure- at least guarantees HTTPS (the refresh cookie
// needs a narrower Path, which __Host- forbids).
export const sessionCookieName = () => (env().cookieSecure ? '__Host-session' : 'session');
export const refreshCookieName = () => (env().cookieSecure ? '__Secure-refresh_token' : 'refresh_token');

/** The refresh token goes only to the endpoints that use it, never to pages or other APIs. */
export const REFRESH_COOKIE_PATH = '/api/auth/jwt';

export const AUTH_MODE_COOKIE = 'auth-mode';

type CookieOptions = {
  httpOnly: true;
  secure: boolean;
  sameSite: 'lax' | 'strict';
  path: string;
  expires: Date;
};

export function sessionCookieOptions(expires: Date): CookieOptions {
  return { httpOnly: true, secure: env().cookieSecure, sameSite: 'lax', path: '/', expires };
}

export function refreshCookieOptions(expires: Date): CookieOptions {
  return { httpOnly: true, secure: env().cookieSecure, sameSite: 'strict', path: REFRESH_COOKIE_PATH, expires };
}
