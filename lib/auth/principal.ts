import 'server-only';
import { Forbidden, InvalidAccessToken, Unauthenticated, type TokenScheme } from '@/lib/domain-errors';
import { env } from '@/lib/env';
import type { Role } from '@/lib/validation/auth';
import { verifyAccessToken } from './access-token';
import { refuseRevokedLogin } from './revocation-check';
import type { SessionRecord } from './session';
import { sessionFromCookie } from './session-seal';
import type { AuthTrace } from './trace';
import type { PublicUser } from './user-dto';

/** Who is calling, and through which kind of login. */
export type Principal =
  | { mode: 'session'; userId: string; role: Role; loginId: string; authTime: Date | null; session: SessionRecord; user: PublicUser }
  | { mode: 'jwt'; userId: string; role: Role; loginId: string; authTime: Date | null; accessTokenExpiresAt: Date; dpopJkt: string | null };

/**
 * Checks that the request carries a DPoP proof by the key a token is bound to. The transport
 * holds the proof and the request's method and URL, so it supplies the check.
 */
export type ProveResource = (accessToken: string, boundTo: string) => Promise<void>;

/**
 * An access token, verified without the database. A Bearer token must not be DPoP-bound (RFC 9449
 * §7.2: whoever holds a copy would otherwise skip the proof); a DPoP token must be bound, and
 * comes with a proof of its key for this request.
 */
export async function principalFromAccessToken(token: string, scheme: TokenScheme, proveResource: ProveResource, trace: AuthTrace = {}): Promise<Principal> {
  const claims = await verifyAccessToken(token, scheme, trace);
  if (scheme === 'Bearer' && claims.jkt !== null) throw new InvalidAccessToken('the token is DPoP-bound; send it with the DPoP scheme and a proof', 'DPoP');
  if (scheme === 'DPoP') {
    if (claims.jkt === null) throw new InvalidAccessToken('the token is not DPoP-bound; send it as a Bearer token', 'DPoP');
    await proveResource(token, claims.jkt);
  }
  if (env().accessTokenRevocation === 'check') await refuseRevokedLogin(claims.loginId, scheme);
  return { mode: 'jwt', userId: claims.userId, role: claims.role, loginId: claims.loginId, authTime: claims.authTime, accessTokenExpiresAt: claims.expiresAt, dpopJkt: claims.jkt };
}

/** A session cookie's value (undefined: none was sent), unsealed and looked up. */
export async function principalFromSessionCookie(cookieValue: string | undefined, trace: AuthTrace = {}): Promise<Principal> {
  if (!cookieValue) throw new Unauthenticated();
  const valid = await sessionFromCookie(cookieValue, trace);
  if (!valid) throw new Unauthenticated('Your session has ended. Log in again.');
  return { mode: 'session', userId: valid.user.id, role: valid.user.role, loginId: valid.session.id, authTime: valid.session.authTime, session: valid.session, user: valid.user };
}

export function requireRole(principal: Principal, role: Role): void {
  if (principal.role !== role) {
    throw new Forbidden(role === 'company' ? 'Only companies can do that.' : 'Only job seekers can do that.');
  }
}
