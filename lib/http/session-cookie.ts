import 'server-only';
import type { NextResponse } from 'next/server';
import { sealSessionToken } from '@/lib/auth/session-seal';
import { clearCookie, sessionCookieSpec, setCookie } from './cookies';

/**
 * The cookie lives until the session's absolute expiry; the idle expiry is enforced by the server,
 * so sliding it never needs a new Set-Cookie. Not remembered: a browser-session cookie, no Max-Age.
 */
export async function setSessionCookie(response: NextResponse, token: string, absoluteExpiresAt: Date, remember = true): Promise<void> {
  setCookie(response, sessionCookieSpec(), await sealSessionToken(token), remember ? absoluteExpiresAt : null);
}

export function clearSessionCookie(response: NextResponse): void {
  clearCookie(response, sessionCookieSpec());
}
