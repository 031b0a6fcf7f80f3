import 'server-only';
import { db } from '@/lib/db/client';
import { insertProofOnce } from '@/lib/db/hot-replay';

/**
 * The DPoP replay store: every accepted proof's (key thumbprint, jti), kept until its iat has left
 * the acceptance window. In the database, so every instance that shares it refuses a proof another
 * instance accepted; the primary key decides, so of two concurrent uses exactly one succeeds.
 * Returns false when the proof was seen before.
 */
export function rememberProof(jkt: string, jti: string, keepUntil: Date): Promise<boolean> {
  return insertProofOnce(jkt, jti, keepUntil);
}

/** Proofs whose iat is outside the window now: refused as stale anyway, so nothing needs them. */
export async function forgetExpiredProofs(now: Date): Promise<number> {
  const { count } = await db().dpopProof.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
