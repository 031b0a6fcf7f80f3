import 'server-only';
import type { NextRequest, NextResponse } from 'next/server';
import type { Principal } from '@/lib/auth/principal';
import type { PresentedLabCredential } from '@/lib/lab/credential';
import { authenticateWith } from './authenticate';
import { clearCookie, labSessionCookieSpec, setCookie } from './cookies';

/** The lab's twin of authenticate(): a Bearer token as everywhere, else the lab-only session cookie. */
export const authenticateLab = (request: NextRequest): Promise<Principal> => authenticateWith(request, labSessionCookieSpec().name);

export function setLabSessionCookie(response: NextResponse, cookie: { value: string; expires: Date }): void {
  setCookie(response, labSessionCookieSpec(), cookie.value, cookie.expires);
}

export function clearLabSessionCookie(response: NextResponse): void {
  clearCookie(response, labSessionCookieSpec());
}

/** The credential a lab request carried, for the token X-ray (lib/lab/credential.ts). */
export const presentedLabCredential = (request: NextRequest): PresentedLabCredential => ({
  authorization: request.headers.get('authorization'),
  sessionCookie: request.cookies.get(labSessionCookieSpec().name)?.value,
});
