import 'server-only';
import { LRUCache } from 'lru-cache';
import { now } from '@/lib/clock';
import { db } from '@/lib/db/client';
import { InvalidAccessToken, type TokenScheme } from '@/lib/domain-errors';

/**
 * ACCESS_TOKEN_REVOCATION=check: an access token is refused once its login (the refresh family
 * named by `sid`) has ended, before its exp. This is Keycloak's not-before or Firebase's
 * tokensValidAfter in one indexed read, and it gives back part of what JWT mode saves, so it is
 * off by default and measured by the benchmark (README, Performance).
 *
 * The bound: an answer "still alive" is reused for at most REVOCATION_CACHE_MS after the read
 * that produced it *started*, so any verification at time T reflects every revocation committed
 * before T - 1 s, on every instance (they share the database, not this cache). An answer
 * "ended" never changes and is kept longer. Both the wall clock and lib/clock.ts must agree the
 * answer is fresh: tests move the latter to step past the bound without waiting.
 */
export const REVOCATION_CACHE_MS = 1000;

type Verdict = { alive: boolean; readStartedAt: number };

// Bounded like the verified-token cache: a flood of distinct logins cannot grow memory.
const verdicts = new LRUCache<string, Verdict>({ max: 10_000, ttl: REVOCATION_CACHE_MS, updateAgeOnGet: false });
const ended = new LRUCache<string, true>({ max: 10_000, ttl: 15 * 60_000 });
const inFlight = new Map<string, { read: Promise<boolean>; startedAt: number }>();

export async function refuseRevokedLogin(loginId: string, scheme: TokenScheme): Promise<void> {
  if (!(await loginIsAlive(loginId))) throw new InvalidAccessToken('the login this token belongs to has ended', scheme);
}

async function loginIsAlive(loginId: string): Promise<boolean> {
  if (ended.has(loginId)) return false;
  const cached = verdicts.get(loginId);
  const age = cached ? now() - cached.readStartedAt : -1;
  // A verdict read "in the future" (a request whose test clock ran ahead) is not trusted either.
  // The read shows in Server-Timing's db count; the authcache entry stays the signature cache's.
  if (cached && age >= 0 && age < REVOCATION_CACHE_MS) return cached.alive;
  // Concurrent requests for one login share the read rather than each sending it, but only a read
  // started within the bound: one stuck on a slow database would answer for an older moment.
  const pending = inFlight.get(loginId);
  const pendingAge = pending ? now() - pending.startedAt : -1;
  if (pending && pendingAge >= 0 && pendingAge < REVOCATION_CACHE_MS) return pending.read;
  const startedAt = now();
  const entry = { read: readLiveness(loginId), startedAt };
  inFlight.set(loginId, entry);
  void entry.read.finally(() => {
    if (inFlight.get(loginId) === entry) inFlight.delete(loginId);
  }).catch(() => {});
  return entry.read;
}

/**
 * The family's newest token decides: revocation (logout, "log out others", a password change,
 * reuse detection, the login limit) marks every token of the family. No token at all means the
 * family ran out and was cleaned up: its login is over too.
 */
async function readLiveness(loginId: string): Promise<boolean> {
  const readStartedAt = now();
  const head = await db().refreshToken.findFirst({
    where: { familyId: loginId },
    orderBy: { issuedAt: 'desc' },
    select: { revokedAt: true },
  });
  const alive = head !== null && head.revokedAt === null;
  if (alive) verdicts.set(loginId, { alive, readStartedAt });
  else ended.set(loginId, true);
  return alive;
}
