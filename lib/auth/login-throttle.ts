import 'server-only';
import { currentDate } from '@/lib/clock';
import { addThrottlePointsAt, clearThrottleCounter, type ThrottleCounter } from '@/lib/db/hot-throttle';
import { env } from '@/lib/env';
import { TooManyAttempts } from '@/lib/domain-errors';

/**
 * Failed-login counters per account and per client address, in the database so that every app
 * instance sharing it counts the same attempts. A counter lives for one throttle window from its
 * first point. This is the algorithm of rate-limiter-flexible's Prisma store (an expired row
 * starts again, then an atomic upsert-increment), in one statement through the driver, and
 * written against lib/clock.ts: the library reads the system clock itself, so a test could not
 * move a window's end.
 */
type Counter = { prefix: 'login-account' | 'login-ip'; key: string; limit: number };

const rowKey = (counter: Counter) => `${counter.prefix}:${counter.key}`;

/** Adds `points` to each counter at once, one statement for all of them (lib/db/hot-throttle.ts). */
function addPoints(counters: Counter[], points: number): Promise<ThrottleCounter[]> {
  return addThrottlePointsAt(counters.map((counter) => ({ key: rowKey(counter), points })), currentDate(), env().loginThrottleWindow);
}

/** One counter of the shared store (also the lab's per-address bound, lib/lab/accounts.ts). */
export async function addThrottlePoints(key: string, points: number, windowSeconds: number): Promise<{ points: number; expire: Date | null }> {
  const [counter] = await addThrottlePointsAt([{ key, points }], currentDate(), windowSeconds);
  return counter!;
}

function counters(email: string, ip: string | null): Counter[] {
  const { loginMaxFailuresPerAccount, loginMaxFailuresPerIp } = env();
  return [
    { prefix: 'login-account', key: email, limit: loginMaxFailuresPerAccount },
    { prefix: 'login-ip', key: ip ?? 'unknown', limit: loginMaxFailuresPerIp },
  ];
}

/**
 * Counts the attempt as a failure before the password is compared, and refuses it (429) once
 * either counter is past its limit, even for the right password: otherwise the throttle would
 * tell a guesser which guess was right. Counting first, in one atomic increment, is what holds
 * the limit under concurrency: a check before the (slow) comparison and a count after it let
 * every parallel guess through the check before any was counted. A successful login gives the
 * attempt back (recordLoginSuccess).
 */
export async function consumeLoginAttempt(email: string, ip: string | null): Promise<void> {
  const both = counters(email, ip);
  const states = await addPoints(both, 1);
  const blocked = states.filter((state, index) => state.points > both[index]!.limit);
  if (blocked.length === 0) return;
  // A refused attempt compares no password, so it is no guess: both counters get their point back
  // (an address over its limit cannot lock other people's accounts; a full counter stays full).
  await addPoints(both, -1);
  const now = currentDate().getTime();
  const retryAfter = Math.max(...blocked.map((state) => Math.ceil(((state.expire?.getTime() ?? now) - now) / 1000)), 1);
  throw new TooManyAttempts('Too many failed logins. Try again later.', retryAfter);
}

/**
 * A successful login clears the account's count and takes back the attempt from the address's
 * (the address keeps its earlier failures: one good password does not vouch for the rest).
 */
export async function recordLoginSuccess(email: string, ip: string | null): Promise<void> {
  const [account, address] = counters(email, ip);
  await Promise.all([clearThrottleCounter(rowKey(account!)), addPoints([address!], -1)]);
}

