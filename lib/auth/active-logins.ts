import 'server-only';
import { currentDate } from '@/lib/clock';
import { db } from '@/lib/db/client';
import { NotFound } from '@/lib/domain-errors';
import type { ClientInfo } from './client-info';
import { recordAuthEvent } from './events';
import type { Principal } from './principal';
import { revokeFamily } from './refresh-family';
import { familyStartedAt } from './refresh-token';
import { revokeSession } from './session';

/** One row of "my active logins": a session, or a JWT-mode refresh family. */
export type ActiveLogin = {
  id: string;
  kind: 'session' | 'jwt';
  userAgent: string | null;
  ip: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  expiresAt: Date;
  current: boolean;
};

export async function listActiveLogins(principal: Principal): Promise<ActiveLogin[]> {
  return activeLoginsOf(principal.userId, principal);
}

/** Every live login of a user, most recently used first; `current` marks the caller's own, if any. */
export async function activeLoginsOf(userId: string, principal: Principal | null = null): Promise<ActiveLogin[]> {
  const now = currentDate();
  const [sessions, familyHeads] = await Promise.all([
    db().session.findMany({
      where: { userId, revokedAt: null, idleExpiresAt: { gt: now }, absoluteExpiresAt: { gt: now } },
      orderBy: { lastSeenAt: 'desc' },
    }),
    // The live token of each family is the one not yet rotated.
    db().refreshToken.findMany({
      where: { userId, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
      orderBy: { issuedAt: 'desc' },
    }),
  ]);
  const logins: ActiveLogin[] = [
    ...sessions.map((session) => ({
      id: session.id,
      kind: 'session' as const,
      userAgent: session.userAgent,
      ip: session.ip,
      createdAt: session.createdAt,
      lastUsedAt: session.lastSeenAt,
      expiresAt: session.idleExpiresAt,
      current: principal?.mode === 'session' && principal.loginId === session.id,
    })),
    ...familyHeads.map((head) => ({
      id: head.familyId,
      kind: 'jwt' as const,
      userAgent: head.userAgent,
      ip: head.ip,
      createdAt: familyStartedAt(head),
      lastUsedAt: head.issuedAt,
      expiresAt: head.expiresAt,
      current: principal?.mode === 'jwt' && principal.loginId === head.familyId,
    })),
  ];
  return logins.sort((a, b) => b.lastUsedAt.getTime() - a.lastUsedAt.getTime());
}

/** Revokes one of the caller's logins; someone else's id is indistinguishable from an unknown one. */
export async function revokeLogin(principal: Principal, loginId: string, client: ClientInfo): Promise<void> {
  const session = await db().session.findFirst({ where: { id: loginId, userId: principal.userId }, select: { id: true } });
  if (session) {
    await revokeSession(session.id);
    await recordAuthEvent({ type: 'session_revoked', mode: principal.mode, userId: principal.userId, client, detail: `session ${session.id}` });
    return;
  }
  const family = await db().refreshToken.findFirst({ where: { familyId: loginId, userId: principal.userId }, select: { familyId: true } });
  if (!family) throw new NotFound('No such login.');
  await revokeFamily(family.familyId, 'revoked_by_user');
  await recordAuthEvent({ type: 'family_revoked', mode: principal.mode, userId: principal.userId, client, detail: `family ${family.familyId}` });
}

/** Ends every login of the user but the one making the request. Returns how many were ended. */
export async function revokeOtherLogins(principal: Principal, reason: string): Promise<number> {
  const now = currentDate();
  const otherSessions = { userId: principal.userId, revokedAt: null, ...(principal.mode === 'session' ? { id: { not: principal.loginId } } : {}) };
  // Count only logins that were still usable, so the number matches what the device list showed.
  const activeSessions = await db().session.count({
    where: { ...otherSessions, idleExpiresAt: { gt: now }, absoluteExpiresAt: { gt: now } },
  });
  await db().session.updateMany({ where: otherSessions, data: { revokedAt: now } });
  const otherFamilies = await db().refreshToken.findMany({
    where: {
      userId: principal.userId,
      revokedAt: null,
      usedAt: null,
      expiresAt: { gt: now },
      ...(principal.mode === 'jwt' ? { familyId: { not: principal.loginId } } : {}),
    },
    select: { familyId: true },
    distinct: ['familyId'],
  });
  await db().refreshToken.updateMany({
    where: { userId: principal.userId, revokedAt: null, ...(principal.mode === 'jwt' ? { familyId: { not: principal.loginId } } : {}) },
    data: { revokedAt: now, revokedReason: reason },
  });
  return activeSessions + otherFamilies.length;
}
