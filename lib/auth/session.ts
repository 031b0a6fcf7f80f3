import 'server-only';
import { currentDate, now as clockNow } from '@/lib/clock';
import { db } from '@/lib/db/client';
import { insertSession } from '@/lib/db/hot-login';
import { sessionByTokenHash } from '@/lib/db/hot-queries';
import { updatedOrNull } from '@/lib/db/errors';
import { env } from '@/lib/env';
import type { ClientInfo } from './client-info';
import { generateToken, sha256Hex } from '@/lib/crypto';
import { toPublicUser, type PublicUser } from './user-dto';

export type SessionRecord = {
  id: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  /** The last password check of this login (step-up); null for a row from before the column. */
  authTime: Date | null;
};

export type ValidSession = { session: SessionRecord; user: PublicUser };

/**
 * Starts a session: a fresh random token on every login, so a planted token is never adopted.
 * `remember: false` ("keep me logged in" unticked) ends it after SESSION_TRANSIENT_TTL at most.
 */
export async function createSession(userId: string, client: ClientInfo, remember = true): Promise<{ token: string; session: SessionRecord }> {
  const token = generateToken();
  const now = currentDate();
  const { sessionIdleTtl, sessionAbsoluteTtl, sessionTransientTtl } = env();
  const lifetime = remember ? sessionAbsoluteTtl : Math.min(sessionAbsoluteTtl, sessionTransientTtl);
  const absoluteExpiresAt = new Date(now.getTime() + lifetime * 1000);
  const idleExpiresAt = earliest(new Date(now.getTime() + sessionIdleTtl * 1000), absoluteExpiresAt);
  // What the row holds is what was sent (milliseconds both ways), so nothing is read back.
  const id = await insertSession({
    tokenHash: sha256Hex(token),
    userId,
    createdAt: now,
    lastSeenAt: now,
    idleExpiresAt,
    absoluteExpiresAt,
    userAgent: client.userAgent,
    ip: client.ip,
    revokedAt: null,
    authTime: now,
    revokedReason: null,
  });
  return { token, session: { id, userId, createdAt: now, lastSeenAt: now, idleExpiresAt, absoluteExpiresAt, authTime: now } };
}

/**
 * One indexed lookup per request: the session by its token hash joined to its user, one SQL
 * statement through the driver (lib/db/hot-queries.ts), which also serves GET /api/me's user.
 * A session past either expiry, or revoked, is no session.
 * Activity slides the idle expiry forward, at most once per interval so that a busy client does
 * not turn every read into a write.
 */
export async function validateSessionToken(token: string): Promise<ValidSession | null> {
  // Found by its hash, so the row's hash is the token's: there is nothing left to compare.
  const row = await sessionByTokenHash(sha256Hex(token));
  if (!row || row.revokedAt) return null;

  const now = clockNow();
  if (row.idleExpiresAt.getTime() <= now || row.absoluteExpiresAt.getTime() <= now) {
    await db().session.deleteMany({ where: { id: row.id } });
    return null;
  }

  const user: PublicUser = toPublicUser(row.user);
  const session: SessionRecord = {
    id: row.id,
    userId: row.userId,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    idleExpiresAt: row.idleExpiresAt,
    absoluteExpiresAt: row.absoluteExpiresAt,
    authTime: row.authTime,
  };
  const { sessionIdleTtl } = env();
  const slideEveryMs = Math.min(60_000, (sessionIdleTtl * 1000) / 4);
  if (now - session.lastSeenAt.getTime() >= slideEveryMs) {
    session.lastSeenAt = new Date(now);
    session.idleExpiresAt = earliest(new Date(now + sessionIdleTtl * 1000), session.absoluteExpiresAt);
    const slid = await updatedOrNull(
      db().session.update({
        where: { id: session.id, revokedAt: null },
        data: { lastSeenAt: session.lastSeenAt, idleExpiresAt: session.idleExpiresAt },
      }),
    );
    if (!slid) return null; // revoked or deleted since the lookup
  }
  return { session, user };
}

/**
 * Revokes one session. The row stays (marked) until clean-up, so its owner's device list can
 * explain it. Returns whether this call ended it (false: it had already ended).
 */
export async function revokeSession(sessionId: string, reason: string | null = null): Promise<boolean> {
  const ended = await updatedOrNull(
    db().session.update({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: currentDate(), revokedReason: reason }, select: { id: true } }),
  );
  return ended !== null;
}

/** Step-up: the password was just checked again for this session. False if the session ended meanwhile. */
export async function markSessionAuthenticated(sessionId: string, authTime: Date): Promise<boolean> {
  const { count } = await db().session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { authTime } });
  return count > 0;
}

function earliest(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}
