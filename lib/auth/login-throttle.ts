import 'server-only';
import { RateLimiterPrisma } from 'rate-limiter-flexible';
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
 * 429 while either counter is exhausted, even for the right password: otherwise the throttle
 * would tell a guesser which guess was right.
 */
export async function assertLoginAllowed(email: string, ip: string | null): Promise<void> {
  const { account, ip: byIp } = loginLimiters();
  const [accountState, ipState] = await Promise.all([account.get(email), byIp.get(ipKey(ip))]);
  const blocked = [
    { state: accountState, points: account.points },
    { state: ipState, points: byIp.points },
  ].filter(({ state, points }) => state !== null && state.consumedPoints >= points);
  if (blocked.length === 0) return;
  const retryAfter = Math.max(...blocked.map(({ state }) => Math.ceil((state?.msBeforeNext ?? 1000) / 1000)), 1);
  throw new ApiError(429, 'rate_limited', 'Too many failed logins. Try again later.', {
    headers: { 'Retry-After': String(retryAfter) },
  });
}

export async function recordLoginFailure(email: string, ip: string | null): Promise<void> {
  const { account, ip: byIp } = loginLimiters();
  await Promise.all([account.penalty(email, 1), byIp.penalty(ipKey(ip), 1)]);
}

/** A successful login clears the account's count (not the address's: one good password does not vouch for the rest). */
export async function recordLoginSuccess(email: string): Promise<void> {
  await loginLimiters().account.delete(email);
}

