import 'server-only';
import type { NextRequest } from 'next/server';
import { currentLedger } from '@/lib/http/request-context';
import { forbidden, invalidToken, unauthenticated } from '@/lib/http/errors';
import { roleSchema, type Role } from '@/lib/validation/auth';
import { verifyAccessToken } from './access-token';
import { sessionCookieName } from './cookies';
import { unsealSessionToken, validateSessionToken, type SessionRecord } from './session';
import type { PublicUser } from './user-dto';

/** Who is calling, and through which kind of login. */
export type Principal =
  | { mode: 'session'; userId: string; role: Role; loginId: string; session: SessionRecord; user: PublicUser }
  | { mode: 'jwt'; userId: string; role: Role; loginId: string; accessTokenExpiresAt: Date };

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;
const MAX_TOKEN_LENGTH = 4096;

/**
 * The one place every handler resolves its caller. An Authorization header decides alone (a
 * Bearer access token, verified without the database); otherwise the session cookie is looked up.
 */
export function authenticate(request: NextRequest): Promise<Principal> {
  return authenticateWith(request, sessionCookieName());
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
      return await fromBearer(authorization);
    }
    if (ledger) ledger.authMode = 'session';
    return await fromSessionCookie(request, cookieName);
  } finally {
    if (ledger) ledger.authMs += performance.now() - started;
  }
}

async function fromBearer(authorization: string): Promise<Principal> {
  if (!/^Bearer /i.test(authorization)) throw unauthenticated('Send an access token as "Authorization: Bearer <token>".');
  const match = authorization.length <= MAX_TOKEN_LENGTH + 7 ? BEARER.exec(authorization.replace(/^bearer /i, 'Bearer ')) : null;
  if (!match) throw invalidToken('the token is malformed');
  const claims = await verifyAccessToken(match[1]!);
  return { mode: 'jwt', userId: claims.userId, role: claims.role, loginId: claims.loginId, accessTokenExpiresAt: claims.expiresAt };
}

async function fromSessionCookie(request: NextRequest, cookieName: string): Promise<Principal> {
  const cookie = request.cookies.get(cookieName)?.value;
  if (!cookie) throw unauthenticated();
  const token = await unsealSessionToken(cookie);
  const valid = token ? await validateSessionToken(token) : null;
  if (!valid) throw unauthenticated('Your session has ended. Log in again.');
  return { mode: 'session', userId: valid.user.id, role: roleSchema.parse(valid.user.role), loginId: valid.session.id, session: valid.session, user: valid.user };
}

export function requireRole(principal: Principal, role: Role): void {
  if (principal.role !== role) {
    throw forbidden(role === 'company' ? 'Only companies can do that.' : 'Only job seekers can do that.');
  }
}
