import 'server-only';
import type { NextRequest, NextResponse } from 'next/server';
import { labSessionCookieName, labSessionCookieOptions } from '@/lib/auth/cookies';
import type { Principal } from '@/lib/auth/principal';
import type { PresentedLabCredential } from '@/lib/lab/credential';
import { authenticateWith } from './authenticate';

/** The lab's twin of authenticate(): a Bearer token as everywhere, else the lab-only session cookie. */
export const authenticateLab = (request: NextRequest): Promise<Principal> => authenticateWith(request, labSessionCookieName());

export function setLabSessionCookie(response: NextResponse, cookie: { value: string; expires: Date }): void {
  response.cookies.set(labSessionCookieName(), cookie.value, labSessionCookieOptions(cookie.expires));
}

export function clearLabSessionCookie(response: NextResponse): void {
  response.cookies.set(labSessionCookieName(), '', { ...labSessionCookieOptions(new Date(0)), maxAge: 0 });
}

/** The credential a lab request carried, for the token X-ray (lib/lab/credential.ts). */
export const presentedLabCredential = (request: NextRequest): PresentedLabCredential => ({
  authorization: request.headers.get('authorization'),
  sessionCookie: request.cookies.get(labSessionCookieName())?.value,
});
