import 'server-only';
import type { ClientInfo } from './client-info';
import { recordAuthEvent } from './events';
import { refreshTokenFamily, revokeFamily } from './refresh-family';
import { revokeSession, type ValidSession } from './session';

/** Ends a live session on the server (a dead or missing one needs nothing but its cookie cleared). */
export async function logOutSession(valid: ValidSession | null, client: ClientInfo): Promise<void> {
  if (!valid) return;
  await revokeSession(valid.session.id);
  await recordAuthEvent({ type: 'logout', mode: 'session', userId: valid.user.id, client });
}

/** A genuine refresh token's whole family is revoked; anything else changes nothing. */
export async function logOutFamily(refreshToken: string | null, client: ClientInfo): Promise<void> {
  const family = refreshToken ? await refreshTokenFamily(refreshToken) : null;
  if (!family) return;
  await revokeFamily(family.loginId, 'logout');
  await recordAuthEvent({ type: 'logout', mode: 'jwt', userId: family.userId, client });
}
