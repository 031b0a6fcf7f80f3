import 'server-only';
import crypto from 'node:crypto';
import { currentDate } from '@/lib/clock';
import { digestsEqual, sha256Hex } from '@/lib/crypto';
import { db } from '@/lib/db/client';
import { insertRefreshToken } from '@/lib/db/hot-login';
import { refreshTokenByJti } from '@/lib/db/hot-queries';
import { rotateRefreshTokenOnce } from '@/lib/db/hot-rotation';
import { InvalidRefreshToken } from '@/lib/domain-errors';
import { env } from '@/lib/env';
import type { ClientInfo } from './client-info';
import { recordAuthEvent } from './events';
import { revokeFamily } from './refresh-family';
import { nextRefreshToken, signRefreshJwt, verifyRefreshJwt } from './refresh-jwt';
import { toPublicUser, type PublicUser } from './user-dto';

/**
 * `authTime`: the family's last password check (step-up), carried into its access tokens;
 * `remember`: false for a browser-session login (its cookies get no Max-Age).
 */
export type IssuedRefreshToken = { token: string; expiresAt: Date; familyId: string; authTime: Date | null; remember: boolean };
export type Rotation = IssuedRefreshToken & { user: PublicUser };

/**
 * A new login in JWT mode: a new family, ending at the absolute lifetime whatever the rotations.
 * With the thumbprint of a DPoP key (the login was proved with it), every refresh of the family
 * must be proved with that same key. `remember: false` ends the family after SESSION_TRANSIENT_TTL.
 */
export async function startRefreshFamily(userId: string, client: ClientInfo, dpopJkt: string | null = null, remember = true): Promise<IssuedRefreshToken> {
  const now = currentDate();
  const familyExpiresAt = new Date(now.getTime() + familyLifetimeMs(remember));
  const familyId = crypto.randomUUID();
  const { token, row } = await nextRefreshToken({ userId, familyId, familyExpiresAt });
  // The family's auth_time is the login's password check; rotations copy it (lib/db/hot-rotation.ts).
  await insertRefreshToken({
    ...row,
    tokenHash: sha256Hex(token),
    parentId: null,
    familyExpiresAt,
    usedAt: null,
    revokedAt: null,
    revokedReason: null,
    userAgent: client.userAgent,
    ip: client.ip,
    dpopJkt,
    authTime: now,
    remember,
  });
  return { token, expiresAt: row.expiresAt, familyId, authTime: now, remember };
}

const familyLifetimeMs = (remember: boolean) => {
  const { refreshAbsoluteTtl, sessionTransientTtl } = env();
  return (remember ? refreshAbsoluteTtl : Math.min(refreshAbsoluteTtl, sessionTransientTtl)) * 1000;
};

/**
 * When a family's login happened, to the millisecond: its absolute end less its lifetime. Every
 * token carries the end, so this needs neither the first token (clean-up deletes old ones) nor a
 * query. A lifetime changed in the configuration since shifts it, as it does no family's end.
 */
export const familyStartedAt = (token: { familyExpiresAt: Date; remember: boolean }): Date =>
  new Date(token.familyExpiresAt.getTime() - familyLifetimeMs(token.remember));

/**
 * Trades a refresh token for its successor (RFC 9700 §4.14). A token already rotated may be
 * presented again within the grace window, and only while its successor is unused: the caller
 * gets that same successor (two tabs, a lost response). Any other reuse means the token was
 * copied, so the whole family is revoked. So does a refresh of a DPoP-bound family that was not
 * proved with its key (`proofJkt`: the thumbprint of the request's verified proof, or null).
 *
 * The common case is two round trips: the token joined to its user, then one atomic write that
 * marks it used, inserts the successor and records the refresh (lib/db/hot-rotation.ts). That
 * write happens only while the token is unused and unrevoked, so a concurrent rotation or a
 * logout that got there first leaves nothing behind, and is told apart by reading the row again.
 */
export async function rotateRefreshToken(token: string, client: ClientInfo, proofJkt: string | null = null): Promise<Rotation> {
  const claims = await verifyRefreshJwt(token);
  const row = await refreshTokenByJti(claims.jti);
  // Found by jti, not by hash: the comparison is what says this is the very token stored for it.
  if (!row || !digestsEqual(row.tokenHash, sha256Hex(token))) throw new InvalidRefreshToken('it is unknown');
  if (row.revokedAt) throw new InvalidRefreshToken('it was revoked');
  const now = currentDate();
  if (row.expiresAt <= now || row.familyExpiresAt <= now) throw new InvalidRefreshToken('it expired');
  await refuseUnprovedRefresh(row, proofJkt, client);

  let usedAt = row.usedAt;
  if (usedAt === null) {
    const { token: next, row: successor } = await nextRefreshToken({ userId: row.userId, familyId: row.familyId, familyExpiresAt: row.familyExpiresAt });
    const rotated = await rotateRefreshTokenOnce({
      parentId: row.id,
      usedAt: now,
      successor: { jti: successor.jti, tokenHash: sha256Hex(next), issuedAt: successor.issuedAt, expiresAt: successor.expiresAt, userAgent: client.userAgent, ip: client.ip },
    });
    if (rotated) return { token: next, expiresAt: successor.expiresAt, familyId: row.familyId, authTime: rotated.authTime, remember: rotated.remember, user: toPublicUser(row.user) };
    // Someone got there first. A logout or revocation: the login is over (its revocation may have
    // run before this family's newest row existed, so it runs again). A concurrent rotation: the
    // grace path below hands out the successor it made.
    const state = await db().refreshToken.findUnique({ where: { id: row.id }, select: { usedAt: true, revokedAt: true, revokedReason: true } });
    if (!state || state.revokedAt) {
      await revokeFamily(row.familyId, state?.revokedReason ?? 'revoked');
      throw new InvalidRefreshToken('it was revoked');
    }
    usedAt = state.usedAt ?? now;
  }

  const successor = await db().refreshToken.findUnique({ where: { parentId: row.id } });
  const concurrent = row.usedAt === null;
  const withinGrace = concurrent || now.getTime() - usedAt.getTime() <= env().refreshGraceSeconds * 1000;
  if (withinGrace && successor && !successor.usedAt && !successor.revokedAt && successor.expiresAt > now) {
    const again = await signRefreshJwt(successor);
    if (digestsEqual(sha256Hex(again), successor.tokenHash)) {
      return { token: again, expiresAt: successor.expiresAt, familyId: successor.familyId, authTime: successor.authTime, remember: successor.remember, user: toPublicUser(row.user) };
    }
  }

  await revokeFamily(row.familyId, 'reuse_detected');
  await recordAuthEvent({ type: 'refresh_reuse_detected', mode: 'jwt', userId: row.userId, client, detail: `family ${row.familyId}` });
  throw new InvalidRefreshToken('it was already used');
}

/**
 * A bound family's refresh token without a proof by its key: whoever sent it holds the token but
 * not the key, which is what a stolen token looks like, so the login ends here as on reuse.
 */
async function refuseUnprovedRefresh(row: { dpopJkt: string | null; familyId: string; userId: string }, proofJkt: string | null, client: ClientInfo) {
  if (row.dpopJkt === null || row.dpopJkt === proofJkt) return;
  await revokeFamily(row.familyId, 'dpop_key_mismatch');
  const presented = proofJkt === null ? 'no DPoP proof' : `a proof by key ${proofJkt}`;
  await recordAuthEvent({ type: 'dpop_key_mismatch', mode: 'jwt', userId: row.userId, client, detail: `family ${row.familyId} is bound to key ${row.dpopJkt}; the refresh came with ${presented}` });
  throw new InvalidRefreshToken('it is bound to a DPoP key the request did not prove');
}
