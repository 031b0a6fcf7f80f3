import 'server-only';
import bcrypt from 'bcrypt';
import { env } from '@/lib/env';
import { MAX_PASSWORD_BYTES } from '@/lib/validation/auth';
import { withHashingSlot } from './hashing-slots';

/**
 * True for a password bcrypt hashes exactly as given: no NUL (bcrypt stops there) and within the
 * 72 bytes bcrypt reads. Longer passwords are refused, never silently cut.
 */
export function isHashablePassword(password: string): boolean {
  return !password.includes('\0') && Buffer.byteLength(password, 'utf8') <= MAX_PASSWORD_BYTES;
}

export async function hashPassword(password: string, cost = env().bcryptCost): Promise<string> {
  if (!isHashablePassword(password)) throw new RangeError('password cannot be hashed without loss');
  return withHashingSlot(() => bcrypt.hash(password, cost));
}

/** A well-formed hash at the configured cost that no password matches; comparing costs a full hash. */
function dummyHash(cost: number): string {
  return `$2b$${String(cost).padStart(2, '0')}$${'N'.repeat(22)}${'0'.repeat(31)}`;
}

/**
 * Compares a password with a stored hash. With no hash (unknown email) it still runs one
 * comparison at the same cost, so the response time does not reveal whether the account exists.
 */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  if (hash === null || !isHashablePassword(password)) {
    await withHashingSlot(() => bcrypt.compare(password, dummyHash(env().bcryptCost)));
    return false;
  }
  return withHashingSlot(() => bcrypt.compare(password, hash));
}
