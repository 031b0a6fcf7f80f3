import 'server-only';
import { sealData, unsealData } from 'iron-session';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { env } from '@/lib/env';
import { validateSessionToken, type ValidSession } from './session';
import type { AuthTrace } from './trace';

const sealSchema = z.object({ token: z.string().min(1) });

/** The cookie carries the token sealed (encrypted and MACed) by iron-session. */
export async function sealSessionToken(token: string): Promise<string> {
  return sealData({ token }, { password: env().sessionSecret, ttl: env().sessionAbsoluteTtl });
}

/**
 * Cookie values already unsealed in this process. Unsealing (key derivation, HMAC, AES) costs more
 * than the session lookup itself and its answer never changes; whether the session is still alive
 * is decided by the database on every request, so revocation is not delayed.
 */
const unsealedCookies = new LRUCache<string, string>({ max: 10_000, ttl: 5 * 60_000 });

/** The token inside a cookie value, or null for anything tampered with, expired or not ours. */
export async function unsealSessionToken(cookieValue: string, trace: AuthTrace = {}): Promise<string | null> {
  const known = unsealedCookies.get(cookieValue);
  trace.cache = known ? 'hit' : 'miss';
  if (known) return known;
  try {
    const data = await unsealData(cookieValue, { password: env().sessionSecret, ttl: env().sessionAbsoluteTtl });
    const parsed = sealSchema.safeParse(data);
    if (!parsed.success) return null;
    unsealedCookies.set(cookieValue, parsed.data.token);
    return parsed.data.token;
  } catch {
    return null;
  }
}

/** The one path from a session cookie's value to its live session: unseal, then look up. */
export async function sessionFromCookie(cookieValue: string, trace: AuthTrace = {}): Promise<ValidSession | null> {
  const token = await unsealSessionToken(cookieValue, trace);
  return token ? validateSessionToken(token) : null;
}
