import 'server-only';
import type { NextRequest, NextResponse } from 'next/server';
import { now } from '@/lib/clock';
import { env } from '@/lib/env';
import { clearCookie, jwtLoginHintCookieSpec, refreshCookieSpec, setCookie } from './cookies';
import { signAccessToken } from '@/lib/auth/access-token';
import type { IssuedRefreshToken } from '@/lib/auth/refresh-token';
import type { PublicUser } from '@/lib/auth/user-dto';
import { tokenResponse as tokenContract } from '@/lib/contracts/tokens';
import { respond } from './respond';

/**
 * The OAuth 2.0 token response (RFC 6749 §5.1) for login and refresh alike. The refresh token is
 * in the body for non-browser clients and in an HttpOnly cookie for the browser, whose scripts
 * never need to hold it. With `jkt` (the request carried a valid DPoP proof) the access token is
 * bound to that key and its type is DPoP (RFC 9449 §5); without, it is a Bearer token as ever.
 */
export async function tokenResponse(refresh: IssuedRefreshToken, user: PublicUser, jkt: string | null = null): Promise<NextResponse> {
  const access = await signAccessToken({ userId: user.id, role: user.role, loginId: refresh.familyId, jkt, authTime: refresh.authTime });
  const response = respond(tokenContract, {
    access_token: access.token,
    token_type: jkt ? 'DPoP' : 'Bearer',
    expires_in: env().accessTokenTtl,
    refresh_token: refresh.token,
    refresh_expires_in: Math.max(0, Math.floor((refresh.expiresAt.getTime() - now()) / 1000)),
    user,
  });
  // Not remembered: browser-session cookies (no Max-Age, no Expires), at login and every rotation.
  const expires = refresh.remember ? refresh.expiresAt : null;
  setCookie(response, refreshCookieSpec(), refresh.token, expires);
  setCookie(response, jwtLoginHintCookieSpec(), '1', expires);
  return response;
}

export function clearRefreshCookie(response: NextResponse): NextResponse {
  clearCookie(response, refreshCookieSpec());
  clearCookie(response, jwtLoginHintCookieSpec());
  return response;
}

/**
 * The refresh token a request presents: `Authorization: Bearer` (non-browser clients) or the
 * cookie. A malformed header yields what it holds, and verification refuses it.
 */
export function presentedRefreshToken(request: NextRequest): string | null {
  const authorization = request.headers.get('authorization');
  if (authorization !== null) return /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1] ?? '';
  return request.cookies.get(refreshCookieSpec().name)?.value ?? null;
}
