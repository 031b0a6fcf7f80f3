import 'server-only';
import { now } from '@/lib/clock';
import { env } from '@/lib/env';

// With Secure cookies the prefixes make the browser enforce the attributes: __Host- pins the
// cookie to this exact host and Path=/; __Secure- at least guarantees HTTPS (the refresh cookie
// needs a narrower Path, which __Host- forbids).
export const sessionCookieName = () => (env().cookieSecure ? '__Host-session' : 'session');
export const refreshCookieName = () => (env().cookieSecure ? '__Secure-refresh_token' : 'refresh_token');

/**
 * The lab's throwaway session logins (lib/lab): a cookie of their own name, sent only to the lab's
 * endpoints, so an experiment never overwrites or shadows the tab's own `session` cookie.
 * __Secure- rather than __Host-, which would force Path=/.
 */
export const labSessionCookieName = () => (env().cookieSecure ? '__Secure-lab_session' : 'lab_session');
export const LAB_COOKIE_PATH = '/api/lab';

/** The refresh token goes only to the endpoints that use it, never to pages or other APIs. */
export const REFRESH_COOKIE_PATH = '/api/auth/jwt';

/**
 * Set and cleared with the refresh cookie, with its lifetime, on Path=/: it tells a page render
 * that a refresh cookie may exist (the narrow Path keeps that cookie from page requests), so a
 * browser that has none is known to be logged out without asking. Its value is no credential.
 */
export const jwtLoginHintCookieName = () => (env().cookieSecure ? '__Host-jwt_login' : 'jwt_login');

export const AUTH_MODE_COOKIE = 'auth-mode';

type CookieOptions = {
  httpOnly: true;
  secure: boolean;
  sameSite: 'lax' | 'strict';
  path: string;
  expires?: Date;
  maxAge?: number;
};

// Max-Age as well as Expires: browsers prefer it, and it does not depend on the client's clock.
// null: a browser-session cookie ("keep me logged in" unticked), gone when the browser closes.
const lifetime = (expires: Date | null) => (expires === null ? {} : { expires, maxAge: Math.max(0, Math.floor((expires.getTime() - now()) / 1000)) });

export function sessionCookieOptions(expires: Date | null): CookieOptions {
  return { httpOnly: true, secure: env().cookieSecure, sameSite: 'lax', path: '/', ...lifetime(expires) };
}

export function labSessionCookieOptions(expires: Date): CookieOptions {
  return { httpOnly: true, secure: env().cookieSecure, sameSite: 'strict', path: LAB_COOKIE_PATH, ...lifetime(expires) };
}

export function refreshCookieOptions(expires: Date | null): CookieOptions {
  return { httpOnly: true, secure: env().cookieSecure, sameSite: 'strict', path: REFRESH_COOKIE_PATH, ...lifetime(expires) };
}

export function jwtLoginHintCookieOptions(expires: Date | null): CookieOptions {
  return { httpOnly: true, secure: env().cookieSecure, sameSite: 'lax', path: '/', ...lifetime(expires) };
}

/** Whether a page request carries a cookie of a login in the given mode (present, not validated). */
export function hasLoginCookie(mode: 'session' | 'jwt', cookies: { has: (name: string) => boolean }): boolean {
  return cookies.has(mode === 'session' ? sessionCookieName() : jwtLoginHintCookieName());
}
