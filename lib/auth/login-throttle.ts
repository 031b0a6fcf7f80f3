import 'server-only';
import { RateLimiterPrisma, RateLimiterRes } from 'rate-limiter-flexible';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';
import { ApiError } from '@/lib/http/errors';

type Limiters = { account: RateLimiterPrisma; ip: RateLimiterPrisma };

let limiters: Limiters | undefined;

/**
 * Failed-login counters per account and per client address (rate-limiter-flexible). They live in
 * the database, so every app instance on the same database enforces the same limit.
 */
function loginLimiters(): Limiters {
  const { loginMaxFailuresPerAccount, loginMaxFailuresPerIp, loginThrottleWindow } = env();
  const common = { storeClient: db(), tableName: 'rateLimiterFlexible', duration: loginThrottleWindow };
  limiters ??= {
    account: new RateLimiterPrisma({ ...common, keyPrefix: 'login-account', points: loginMaxFailuresPerAccount }),
    ip: new RateLimiterPrisma({ ...common, keyPrefix: 'login-ip', points: loginMaxFailuresPerIp }),
  };
  return limiters;
}

const ipKey = (ip: string | null) => ip ?? 'unknown';

/**
 * Counts the attempt as a failure before the password is compared, and refuses it (429) once
 * either counter is past its limit, even for the right password: otherwise the throttle would
 * tell a guesser which guess was right. Counting first, in one atomic increment, is what holds
 * the limit under concurrency: a check before the (slow) comparison and a count after it let
 * every parallel guess through the check before any was counted. A successful login gives the
 * attempt back (recordLoginSuccess).
 */
export async function consumeLoginAttempt(email: string, ip: string | null): Promise<void> {
  const { account, ip: byIp } = loginLimiters();
  const counters = [
    { limiter: account, key: email },
    { limiter: byIp, key: ipKey(ip) },
  ];
  const results = await Promise.allSettled(counters.map(({ limiter, key }) => limiter.consume(key)));
  const blocked: RateLimiterRes[] = [];
  for (const result of results) {
    if (result.status === 'fulfilled') continue;
    if (!(result.reason instanceof RateLimiterRes)) throw result.reason; // the store failed
    blocked.push(result.reason);
  }
  if (blocked.length === 0) return;
  // A refused attempt compares no password, so it is no guess: both counters get their point back
  // (an address over its limit cannot lock other people's accounts; a full counter stays full).
  await Promise.all(counters.map(({ limiter, key }) => limiter.reward(key, 1)));
  const retryAfter = Math.max(...blocked.map((state) => Math.ceil(state.msBeforeNext / 1000)), 1);
  throw new ApiError(429, 'rate_limited', 'Too many failed logins. Try again later.', {
    headers: { 'Retry-After': String(retryAfter) },
  });
}

/**
 * A successful login clears the account's count and takes back the attempt from the address's
 * (the address keeps its earlier failures: one good password does not vouch for the rest).
 */
export async function recordLoginSuccess(email: string, ip: string | null): Promise<void> {
  const { account, ip: byIp } = loginLimiters();
  await Promise.all([account.delete(email), byIp.reward(ipKey(ip), 1)]);
}
