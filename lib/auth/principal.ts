import 'server-only';
import type { NextRequest } from 'next/server';
import { Forbidden, InvalidAccessToken, Unauthenticated, type TokenScheme } from '@/lib/domain-errors';
import { env } from '@/lib/env';
import { proveResourceRequest } from '@/lib/http/dpop';
import { currentLedger, noteSessionEnd } from '@/lib/http/request-context';
import { roleSchema, type Role } from '@/lib/validation/auth';
import { verifyAccessToken } from './access-token';
import { sessionCookieName } from './cookies';
import { refuseRevokedLogin } from './revocation-check';
import { unsealSessionToken, validateSessionToken, type SessionRecord } from './session';
import type { PublicUser } from './user-dto';

/** Who is calling, and through which kind of login. */
export type Principal =
  | { mode: 'session'; userId: string; role: Role; loginId: string; authTime: Date | null; session: SessionRecord; user: PublicUser }
  | { mode: 'jwt'; userId: string; role: Role; loginId: string; authTime: Date | null; accessTokenExpiresAt: Date; dpopJkt: string | null };

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
  const started = performance.now();
  try {
    const authorization = request.headers.get('authorization');
    if (authorization !== null) {
      if (ledger) ledger.authMode = 'jwt';
      return await fromAccessToken(request, authorization);
    }
    if (ledger) ledger.authMode = 'session';
    return await fromSessionCookie(request, cookieName);
  } finally {
    if (ledger) ledger.authMs += performance.now() - started;
  }
}

/**
 * A Bearer token must not be DPoP-bound (RFC 9449 §7.2: whoever holds a copy would otherwise skip
 * the proof); a DPoP token must be bound, and comes with a proof of its key for this request.
 */
async function fromAccessToken(request: NextRequest, authorization: string): Promise<Principal> {
  const scheme: TokenScheme | null = /^Bearer /i.test(authorization) ? 'Bearer' : /^DPoP /i.test(authorization) ? 'DPoP' : null;
  if (scheme === null) throw new Unauthenticated('Send an access token as "Authorization: Bearer <token>" or "Authorization: DPoP <token>".');
  const match = authorization.length <= MAX_TOKEN_LENGTH + 7 ? ACCESS_TOKEN.exec(authorization) : null;
  if (!match) throw new InvalidAccessToken('the token is malformed', scheme);
  const token = match[2]!;
  const claims = await verifyAccessToken(token, scheme);
  if (scheme === 'Bearer' && claims.jkt !== null) throw new InvalidAccessToken('the token is DPoP-bound; send it with the DPoP scheme and a proof', 'DPoP');
  if (scheme === 'DPoP') {
    if (claims.jkt === null) throw new InvalidAccessToken('the token is not DPoP-bound; send it as a Bearer token', 'DPoP');
    await proveResourceRequest(request, token, claims.jkt);
  }
  if (env().accessTokenRevocation === 'check') await refuseRevokedLogin(claims.loginId, scheme);
  return { mode: 'jwt', userId: claims.userId, role: claims.role, loginId: claims.loginId, authTime: claims.authTime, accessTokenExpiresAt: claims.expiresAt, dpopJkt: claims.jkt };
}

async function fromSessionCookie(request: NextRequest, cookieName: string): Promise<Principal> {
  const cookie = request.cookies.get(cookieName)?.value;
  if (!cookie) throw new Unauthenticated();
  const token = await unsealSessionToken(cookie);
  const valid = token ? await validateSessionToken(token) : null;
  if (!valid) throw new Unauthenticated('Your session has ended. Log in again.');
  return { mode: 'session', userId: valid.user.id, role: roleSchema.parse(valid.user.role), loginId: valid.session.id, authTime: valid.session.authTime, session: valid.session, user: valid.user };
}

export function requireRole(principal: Principal, role: Role): void {
  if (principal.role !== role) {
    throw new Forbidden(role === 'company' ? 'Only companies can do that.' : 'Only job seekers can do that.');
  }
}
