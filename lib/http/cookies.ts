import 'server-only';
import type { NextResponse } from 'next/server';
import { now } from '@/lib/clock';
import { cookieLifetime, EXPIRED, jwtLoginHintCookie, labSessionCookie, refreshCookie, sessionCookie, type CookieSpec } from '@/lib/cookies';
import { env } from '@/lib/env';

/** lib/cookies.ts with this server's COOKIE_SECURE: the cookies as this deployment sets them. */
export const sessionCookieSpec = () => sessionCookie(env().cookieSecure);
export const refreshCookieSpec = () => refreshCookie(env().cookieSecure);
export const jwtLoginHintCookieSpec = () => jwtLoginHintCookie(env().cookieSecure);
export const labSessionCookieSpec = () => labSessionCookie(env().cookieSecure);

export const sessionCookieName = () => sessionCookieSpec().name;

/** `expires` null: a browser-session cookie (no Max-Age, no Expires). */
export function setCookie(response: NextResponse, spec: CookieSpec, value: string, expires: Date | null): void {
  response.cookies.set(spec.name, value, { ...spec.attributes, ...cookieLifetime(expires, now()) });
}

export function clearCookie(response: NextResponse, spec: CookieSpec): void {
  response.cookies.set(spec.name, '', { ...spec.attributes, ...EXPIRED });
}

/** Whether a page request carries a cookie of a login in the given mode (present, not validated). */
export function hasLoginCookie(mode: 'session' | 'jwt', cookies: { has: (name: string) => boolean }): boolean {
  return cookies.has(mode === 'session' ? sessionCookieSpec().name : jwtLoginHintCookieSpec().name);
}
