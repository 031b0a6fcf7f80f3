import 'server-only';
import { currentDate, withSystemClock } from '@/lib/clock';
import { db } from '@/lib/db/client';
import { deleteExpiredLabAccounts } from '@/lib/lab/accounts';
import { forgetExpiredProofs } from './dpop-replay';

const CLEANUP_EVERY_MS = 10 * 60 * 1000;
let lastRun = 0;

/**
 * Deletes credentials that can no longer be used, so the tables do not grow without bound.
 * Used refresh tokens stay until they expire: reuse detection needs them. The lab's throwaway
 * accounts go once their lifetime is over, whether or not their experiment deleted them.
 */
export async function deleteExpiredCredentials(now = currentDate()) {
  const [sessions, refreshTokens, throttleCounters, dpopProofs] = await Promise.all([
    db().session.deleteMany({
      where: { OR: [{ idleExpiresAt: { lte: now } }, { absoluteExpiresAt: { lte: now } }, { revokedAt: { not: null } }] },
    }),
    db().refreshToken.deleteMany({ where: { OR: [{ expiresAt: { lte: now } }, { familyExpiresAt: { lte: now } }] } }),
    db().rateLimiterFlexible.deleteMany({ where: { expire: { lte: now } } }),
    forgetExpiredProofs(now),
  ]);
  const labAccounts = await deleteExpiredLabAccounts(now);
  return { sessions: sessions.count, refreshTokens: refreshTokens.count, throttleCounters: throttleCounters.count, dpopProofs, labAccounts };
}

/**
 * At most once per interval per process, handed to `runLater`: the transport's way to run work
 * after the current response has been sent (lib/http/after-response.ts).
 */
export function scheduleCleanup(runLater: (task: () => Promise<void>) => void): void {
  const now = Date.now(); // real time: how often this process cleans up is not about expiry
  if (now - lastRun < CLEANUP_EVERY_MS) return;
  lastRun = now;
  runLater(async () => {
    try {
      await withSystemClock(() => deleteExpiredCredentials());
    } catch (error) {
      console.error('Clean-up of expired credentials failed', error);
    }
  });
}
