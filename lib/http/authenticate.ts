import 'server-only';
import type { NextRequest } from 'next/server';
import { principalFromAccessToken, principalFromSessionCookie, type Principal } from '@/lib/auth/principal';
import type { ValidSession } from '@/lib/auth/session';
import { sessionFromCookie } from '@/lib/auth/session-seal';
import type { AuthTrace } from '@/lib/auth/trace';
import { InvalidAccessToken, Unauthenticated, type TokenScheme } from '@/lib/domain-errors';
import { sessionCookieName } from './cookies';
import { proveResourceRequest } from './dpop';
import { currentLedger, noteSessionEnd, type RequestLedger } from './request-context';

const ACCESS_TOKEN = /^(Bearer|DPoP) ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i;
const MAX_TOKEN_LENGTH = 4096;

/**
 * The one place every handler resolves its caller. An Authorization header decides alone (a
 * Bearer or DPoP access token, verified without the database); otherwise the session cookie is
 * looked up.
 */
export async function authenticate(request: NextRequest): Promise<Principal> {
  const principal = await authenticateWith(request, sessionCookieName());
  // idleExpiresAt never lies past the absolute expiry, so it is when this session ends if left alone.
  if (principal.mode === 'session') noteSessionEnd(principal.session.idleExpiresAt);
  return principal;
}

/**
 * The same resolution with the session read from another cookie: the lab's twin endpoints read
 * its lab-only cookie (lib/lab), through the very same unseal and lookup as every real request.
 */
export async function authenticateWith(request: NextRequest, cookieName: string): Promise<Principal> {
  const ledger = currentLedger();
  const authorization = request.headers.get('authorization');
  if (ledger) ledger.authMode = authorization === null ? 'session' : 'jwt';
  return traced(ledger, (trace) =>
    authorization === null ? principalFromSessionCookie(request.cookies.get(cookieName)?.value, trace) : fromAuthorization(request, authorization, trace),
  );
}

/** The live session the request's session cookie names, or null: logout's lookup, the same path as authenticate's. */
export async function presentedSession(request: NextRequest): Promise<ValidSession | null> {
  const cookie = request.cookies.get(sessionCookieName())?.value;
  return cookie ? traced(currentLedger(), (trace) => sessionFromCookie(cookie, trace), false) : null;
}

/** Runs an authentication step and books its time and cache outcome into the request's ledger. */
async function traced<T>(ledger: RequestLedger | undefined, work: (trace: AuthTrace) => Promise<T>, timed = true): Promise<T> {
  const trace: AuthTrace = {};
  const started = performance.now();
  try {
    return await work(trace);
  } finally {
    if (ledger && timed) ledger.authMs += performance.now() - started;
    if (ledger && trace.cache) ledger.authCache = trace.cache;
  }
}

/** `Authorization: Bearer <token>` or `Authorization: DPoP <token>` (with its proof in the DPoP header). */
async function fromAuthorization(request: NextRequest, authorization: string, trace: AuthTrace): Promise<Principal> {
  const scheme: TokenScheme | null = /^Bearer /i.test(authorization) ? 'Bearer' : /^DPoP /i.test(authorization) ? 'DPoP' : null;
  if (scheme === null) throw new Unauthenticated('Send an access token as "Authorization: Bearer <token>" or "Authorization: DPoP <token>".');
  const match = authorization.length <= MAX_TOKEN_LENGTH + 7 ? ACCESS_TOKEN.exec(authorization) : null;
  if (!match) throw new InvalidAccessToken('the token is malformed', scheme);
  return principalFromAccessToken(match[2]!, scheme, (token, boundTo) => proveResourceRequest(request, token, boundTo), trace);
}
