import 'server-only';
import crypto from 'node:crypto';
import { currentDate } from '@/lib/clock';
import { db } from '@/lib/db/client';
import type { ClientInfo } from '@/lib/auth/client-info';
import { recordAuthEvent } from '@/lib/auth/events';
import { addThrottlePoints } from '@/lib/auth/login-throttle';
import type { Principal } from '@/lib/auth/principal';
import { Forbidden, TooManyAttempts } from '@/lib/domain-errors';
import { authModeSchema, isLabEmail, LAB_EMAIL_DOMAIN } from '@/lib/validation/auth';

/**
 * Throwaway accounts for the lab's experiments. They cannot fill the database: each lives
 * LAB_ACCOUNT_TTL_SECONDS and is then swept by the clean-up (with its logins and audit events);
 * one client address may hold LAB_ACCOUNTS_PER_ADDRESS of them per window (the login throttle's
 * counter store, shared by every instance), and at most LAB_ACCOUNTS_LIVE_MAX exist at once.
 */
export const LAB_ACCOUNT_TTL_SECONDS = 15 * 60;
export const LAB_ACCOUNTS_PER_ADDRESS = 30;
export const LAB_ACCOUNTS_LIVE_MAX = 500;

export type LabAccount = { id: string; email: string; expiresAt: Date };

const labEmails = { endsWith: `@${LAB_EMAIL_DOMAIN}` };
const addressKey = (ip: string | null) => `lab-ip:${ip ?? 'unknown'}`;

/** A bcrypt-shaped hash of random bytes: no password matches it, so nobody logs in to a lab account. */
const unmatchableHash = () => `$2b$12$${crypto.randomBytes(40).toString('base64').replace(/[+=]/g, '.').slice(0, 53)}`;

const tooMany = (retryAfter: number) => new TooManyAttempts('Too many lab accounts from this address. Try again later.', retryAfter);

export async function createLabAccount(client: ClientInfo): Promise<LabAccount> {
  const slot = await addThrottlePoints(addressKey(client.ip), 1, LAB_ACCOUNT_TTL_SECONDS);
  const live = slot.points <= LAB_ACCOUNTS_PER_ADDRESS ? await db().user.count({ where: { email: labEmails } }) : 0;
  if (slot.points > LAB_ACCOUNTS_PER_ADDRESS || live >= LAB_ACCOUNTS_LIVE_MAX) {
    await addThrottlePoints(addressKey(client.ip), -1, LAB_ACCOUNT_TTL_SECONDS);
    const left = slot.expire ? Math.ceil((slot.expire.getTime() - currentDate().getTime()) / 1000) : LAB_ACCOUNT_TTL_SECONDS;
    throw tooMany(Math.max(1, left));
  }
  const createdAt = currentDate();
  const user = await db().user.create({
    data: { email: `lab-${crypto.randomUUID()}@${LAB_EMAIL_DOMAIN}`, name: 'Lab visitor', role: 'seeker', passwordHash: unmatchableHash(), createdAt },
    select: { id: true, email: true },
  });
  // The signup event keeps the creating address, so deleting the account gives that address its slot back.
  await recordAuthEvent({ type: 'signup', userId: user.id, client, detail: 'lab account' });
  return { ...user, expiresAt: new Date(createdAt.getTime() + LAB_ACCOUNT_TTL_SECONDS * 1000) };
}

/** The caller's account, if it is a lab account; the lab's endpoints serve no other. */
export async function requireLabAccount(principal: Principal): Promise<{ id: string }> {
  const user = await db().user.findUnique({ where: { id: principal.userId }, select: { id: true, email: true } });
  if (!user || !isLabEmail(user.email)) throw new Forbidden('Only lab accounts can do that.');
  return { id: user.id };
}

/** Deletes a lab account now (its logins cascade) and frees its creator's slot. */
export async function deleteLabAccount(accountId: string): Promise<void> {
  const signup = await db().authEvent.findFirst({ where: { userId: accountId, type: 'signup' }, select: { ip: true } });
  await db().authEvent.deleteMany({ where: { userId: accountId } });
  await db().user.deleteMany({ where: { id: accountId, email: labEmails } });
  // Only a counter still counting this window gives a point back; it never goes below zero.
  await db().rateLimiterFlexible.updateMany({
    where: { key: addressKey(signup?.ip ?? null), points: { gt: 0 }, expire: { gt: currentDate() } },
    data: { points: { decrement: 1 } },
  });
}

/** For lib/auth/cleanup.ts: lab accounts past their lifetime, with their audit events. */
export async function deleteExpiredLabAccounts(now: Date): Promise<number> {
  const expired = { email: labEmails, createdAt: { lte: new Date(now.getTime() - LAB_ACCOUNT_TTL_SECONDS * 1000) } };
  await db().authEvent.deleteMany({ where: { user: expired } });
  const { count } = await db().user.deleteMany({ where: expired });
  return count;
}

export async function labAuditEvents(accountId: string) {
  const events = await db().authEvent.findMany({
    where: { userId: accountId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: 100,
    select: { type: true, mode: true, createdAt: true, detail: true },
  });
  // The audit trail stores the mode as text; its answer (lib/contracts/lab.ts) names the two modes.
  return events.map((event) => ({ ...event, mode: authModeSchema.nullable().catch(null).parse(event.mode) }));
}
