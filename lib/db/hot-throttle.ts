import 'server-only';
import { driver, optionalDate } from './hot-driver';
import { counted } from './query-observer';

export type ThrottleCounter = { key: string; points: number; expire: Date | null };

/**
 * Adds points to throttle counters (lib/auth/login-throttle.ts), all in one statement, one round
 * trip: a counter whose window is over starts again from these points with a new window, a live
 * one is incremented, a missing one is created. This is rate-limiter-flexible's Prisma store
 * (delete the expired row, then an atomic upsert-increment) folded into one atomic upsert, which
 * is what keeps the count exact under concurrency; through Prisma it took two operations per
 * counter, and its deleteMany is a transaction of its own.
 */
export async function addThrottlePointsAt(counters: Array<{ key: string; points: number }>, now: Date, windowSeconds: number): Promise<ThrottleCounter[]> {
  const expire = new Date(now.getTime() + windowSeconds * 1000);
  const rows = await counted(() =>
    driver().query(
      `INSERT INTO "RateLimiterFlexible" AS r ("key", "points", "expire") VALUES ${counters.map(() => '(?, ?, ?)').join(', ')}
       ON CONFLICT ("key") DO UPDATE SET
         "points" = CASE WHEN r."expire" <= ? THEN excluded."points" ELSE r."points" + excluded."points" END,
         "expire" = CASE WHEN r."expire" <= ? THEN excluded."expire" ELSE r."expire" END
       RETURNING "key", "points", "expire"`,
      [...counters.flatMap((counter) => [counter.key, counter.points, expire]), now, now],
    ),
  );
  const byKey = new Map(rows.map((row) => [String(row.key), { key: String(row.key), points: Number(row.points), expire: optionalDate(row.expire) }]));
  return counters.map((counter) => byKey.get(counter.key)!);
}

/** Removes one throttle counter (a successful login clears its account's failures). */
export async function clearThrottleCounter(key: string): Promise<void> {
  await counted(() => driver().query('DELETE FROM "RateLimiterFlexible" WHERE "key" = ?', [key]));
}
