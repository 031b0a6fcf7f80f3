import 'server-only';
import type { NextResponse } from 'next/server';
import { sessionCookieName, sessionCookieOptions } from '@/lib/auth/cookies';
import { sealSessionToken } from '@/lib/auth/session';

/**
 * The cookie lives until the session's absolute expiry; the idle expiry is enforced by the server,
 * so sliding it never needs a new Set-Cookie. Not remembered: a browser-session cookie, no Max-Age.
 */
export async function setSessionCookie(response: NextResponse, token: string, absoluteExpiresAt: Date, remember = true): Promise<void> {
  response.cookies.set(sessionCookieName(), await sealSessionToken(token), sessionCookieOptions(remember ? absoluteExpiresAt : null));
}

export function clearSessionCookie(response: NextResponse): void {
  response.cookies.set(sessionCookieName(), '', { ...sessionCookieOptions(new Date(0)), maxAge: 0 });
}
