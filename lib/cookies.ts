/**
 * Every cookie the app sets or reads: names, prefixes, flags, paths, lifetimes. No server-only
 * import and no configuration read, so the proxy and the browser's code use it too; whether
 * cookies are Secure (COOKIE_SECURE) is passed in by the caller (lib/http/cookies.ts on the server).
 *
 * With Secure cookies the prefixes make the browser enforce the attributes: __Host- pins the
 * cookie to this exact host and Path=/; __Secure- at least guarantees HTTPS (for cookies that
 * need a narrower Path, which __Host- forbids).
 */
import { authModeSchema, type AuthMode } from '@/lib/validation/auth';

export type CookieAttributes = { httpOnly: true; secure: boolean; sameSite: 'lax' | 'strict'; path: string };
export type CookieSpec = { name: string; attributes: CookieAttributes };

const hostOnly = (name: string, secure: boolean) => (secure ? `__Host-${name}` : name);
const httpsOnly = (name: string, secure: boolean) => (secure ? `__Secure-${name}` : name);
const httpOnlyCookie = (name: string, secure: boolean, sameSite: CookieAttributes['sameSite'], path: string): CookieSpec => ({
  name,
  attributes: { httpOnly: true, secure, sameSite, path },
});

/** The session login's sealed token (session mode). */
export const sessionCookie = (secure: boolean) => httpOnlyCookie(hostOnly('session', secure), secure, 'lax', '/');

/** The refresh token goes only to the endpoints that use it, never to pages or other APIs. */
export const REFRESH_COOKIE_PATH = '/api/auth/jwt';

export const refreshCookie = (secure: boolean) => httpOnlyCookie(httpsOnly('refresh_token', secure), secure, 'strict', REFRESH_COOKIE_PATH);

/**
 * Set and cleared with the refresh cookie, with its lifetime, on Path=/: it tells a page render
 * that a refresh cookie may exist (the narrow Path keeps that cookie from page requests), so a
 * browser that has none is known to be logged out without asking. Its value is no credential.
 */
export const jwtLoginHintCookie = (secure: boolean) => httpOnlyCookie(hostOnly('jwt_login', secure), secure, 'lax', '/');

/**
 * The lab's throwaway session logins (lib/lab): a cookie of their own name, sent only to the lab's
 * endpoints, so an experiment never overwrites or shadows the tab's own `session` cookie.
 */
export const LAB_COOKIE_PATH = '/api/lab';

export const labSessionCookie = (secure: boolean) => httpOnlyCookie(httpsOnly('lab_session', secure), secure, 'strict', LAB_COOKIE_PATH);

/**
 * The browser's chosen auth mode, script-readable (the settings page writes it with
 * document.cookie) so that server-rendered pages and proxy.ts know it too. It holds no secret,
 * only a preference.
 */
export const AUTH_MODE_COOKIE = 'auth-mode';
const AUTH_MODE_MAX_AGE = 365 * 24 * 60 * 60;

export function parseAuthMode(value: string | undefined | null): AuthMode | null {
  const parsed = authModeSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** What the browser assigns to document.cookie to keep the chosen mode for a year. */
export const authModeCookieString = (mode: AuthMode, secure: boolean) =>
  `${AUTH_MODE_COOKIE}=${mode}; Path=/; Max-Age=${AUTH_MODE_MAX_AGE}; SameSite=Lax${secure ? '; Secure' : ''}`;

/** Both spellings of the session cookie's name, for the proxy, which reads no configuration. */
export const SESSION_COOKIE_NAMES = [sessionCookie(true).name, sessionCookie(false).name];

/**
 * Max-Age as well as Expires: browsers prefer it, and it does not depend on the client's clock.
 * null: a browser-session cookie ("keep me logged in" unticked), gone when the browser closes.
 */
export const cookieLifetime = (expires: Date | null, nowMs: number): { expires?: Date; maxAge?: number } =>
  expires === null ? {} : { expires, maxAge: Math.max(0, Math.floor((expires.getTime() - nowMs) / 1000)) };

/** What clears a cookie: expired in the past, in both ways of saying so. */
export const EXPIRED = { expires: new Date(0), maxAge: 0 };
