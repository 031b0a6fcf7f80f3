import 'server-only';
import { currentDate } from '@/lib/clock';
import { db } from '@/lib/db/client';
import { verifyRefreshJwt } from './refresh-jwt';

/** What ends or refreshes a whole JWT-mode login (a refresh family) at once. */

/**
 * Ends a JWT-mode login: no token of the family refreshes again. Repeated until it changes no
 * row: on PostgreSQL an UPDATE that waited for a rotation's lock on the parent row does not see
 * the successor that rotation inserted (it is newer than the statement's snapshot), and the
 * next UPDATE does. A rotation cannot add to a family whose newest token is revoked, so it ends.
 */
export async function revokeFamily(familyId: string, reason: string): Promise<number> {
  let total = 0;
  for (;;) {
    const { count } = await db().refreshToken.updateMany({
      where: { familyId, revokedAt: null },
      data: { revokedAt: currentDate(), revokedReason: reason },
    });
    if (count === 0) return total;
    total += count;
  }
}

/**
 * Step-up: the password was just checked again for this login. Every row of the family takes the
 * new time, so the live token's next rotation carries it on. False if the family ended meanwhile.
 * Repeated like revokeFamily: a rotation that committed while the first update ran (PostgreSQL's
 * statement snapshot) added a successor it could not see, copied from the old time.
 */
export async function markFamilyAuthenticated(familyId: string, authTime: Date): Promise<boolean> {
  let marked = false;
  for (;;) {
    const { count } = await db().refreshToken.updateMany({
      where: { familyId, revokedAt: null, OR: [{ authTime: null }, { authTime: { lt: authTime } }] },
      data: { authTime },
    });
    // Nothing older left: marked, or already as fresh (a reauthentication at the same moment).
    if (count === 0) return marked || (await db().refreshToken.count({ where: { familyId, revokedAt: null } })) > 0;
    marked = true;
  }
}

/** The family and user of a refresh token whose signature verifies, for logout; null otherwise. */
export async function refreshTokenFamily(token: string): Promise<{ loginId: string; userId: string } | null> {
  try {
    const claims = await verifyRefreshJwt(token);
    return { loginId: claims.loginId, userId: claims.userId };
  } catch {
    return null;
  }
}
