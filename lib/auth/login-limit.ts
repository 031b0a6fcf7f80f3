import 'server-only';
import { now } from '@/lib/clock';
import { db } from '@/lib/db/client';
import { env } from '@/lib/env';
import type { ClientInfo } from './client-info';
import { recordAuthEvent } from './events';
import { activeLoginsOf } from './active-logins';
import { revokeFamily } from './refresh-family';
import { revokeSession } from './session';

export const LOGIN_LIMIT_REASON = 'login_limit';

/**
 * MAX_LOGINS_PER_USER: run once a new login is stored. Keeps the user's newest N logins (sessions
 * and JWT families counted together, ordered by when they started, id breaking ties) and ends the
 * rest, each recorded in the audit trail.
 *
 * Why it holds under parallel logins and across instances without a lock: every login trims after
 * its own insert, and the order is the same for everyone. A trim that saw only some of the
 * concurrent inserts ends only logins that have N newer ones among those it saw, which the full
 * set would end too; the trim of the login whose insert committed last sees every insert. So once
 * all of them have returned, exactly the N newest are left, whichever instance ran which.
 */
export async function enforceLoginLimit(userId: string, client: ClientInfo): Promise<number> {
  const limit = env().maxLoginsPerUser;
  if (limit === null) return 0;
  const logins = await activeLoginsOf(userId);
  if (logins.length <= limit) return 0;
  const newestFirst = logins.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0));
  let ended = 0;
  for (const login of newestFirst.slice(limit)) {
    // Only the call that actually ended it records it: concurrent trims end the same logins.
    const endedHere = login.kind === 'session' ? await revokeSession(login.id, LOGIN_LIMIT_REASON) : (await revokeFamily(login.id, LOGIN_LIMIT_REASON)) > 0;
    if (!endedHere) continue;
    ended += 1;
    // The mode of the login that ended, not of the one that ended it.
    await recordAuthEvent({ type: 'login_ended_by_limit', mode: login.kind, userId, client, detail: `${login.kind === 'session' ? 'session' : 'family'} ${login.id}` });
  }
  return ended;
}

export type EndedLogin = { id: string; kind: 'session' | 'jwt'; endedAt: Date; reason: typeof LOGIN_LIMIT_REASON };

const ENDED_DETAIL = /^(session|family) (\S+)$/;

// Long enough for someone back from a week away to read why a device was logged out; after that it is history.
const ENDED_SHOWN_FOR_MS = 7 * 24 * 3600 * 1000;

/** The user's logins the limit ended in the last week (newest first), for their login list to say so. */
export async function loginsEndedByLimit(userId: string, take = 10): Promise<EndedLogin[]> {
  const events = await db().authEvent.findMany({
    where: { userId, type: 'login_ended_by_limit', createdAt: { gt: new Date(now() - ENDED_SHOWN_FOR_MS) } },
    orderBy: { createdAt: 'desc' },
    take,
    select: { detail: true, createdAt: true },
  });
  return events.flatMap((event) => {
    const match = ENDED_DETAIL.exec(event.detail ?? '');
    return match ? [{ id: match[2]!, kind: match[1] === 'session' ? ('session' as const) : ('jwt' as const), endedAt: event.createdAt, reason: LOGIN_LIMIT_REASON }] : [];
  });
}
