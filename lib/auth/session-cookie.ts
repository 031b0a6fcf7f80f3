import 'server-only';
import type { NextResponse } from 'next/server';
import { sessionCookieName, sessionCookieOptions } from './cookies';
import { sealSessionToken } from './session';

/**
 * The cookie lives until the session's absolute expiry; the idle expiry is enforced by the server,
 * so sliding it never needs a new Set-Cookie.
 */
export async function setSessionCookie(response: NextResponse, token: string, absoluteExpiresAt: Date): Promise<void> {
  response.cookies.set(sessionCookieName(), await sealSessionToken(token), sessionCookieOptions(absoluteExpiresAt));
}

export function clearSessionCookie(response: NextResponse): void {
  response.cookies.set(sessionCookieName(), '', { ...sessionCookieOptions(new Date(0)), maxAge: 0 });
}
