import 'server-only';
import { currentPasswordHash, userWithPasswordByEmail } from '@/lib/db/hot-login';
import { InvalidCredentials } from '@/lib/domain-errors';
import type { AuthMode, LoginInput } from '@/lib/validation/auth';
import type { ClientInfo } from './client-info';
import { recordAuthEvent } from './events';
import { consumeLoginAttempt, recordLoginSuccess } from './login-throttle';
import { verifyPassword } from './password';
import { toPublicUser, type PublicUser } from './user-dto';

/** The user, and the password hash the credentials were checked against (see confirmPasswordUnchanged). */
export type CheckedCredentials = { user: PublicUser; passwordHash: string };

export async function checkCredentials(credentials: LoginInput, mode: AuthMode, client: ClientInfo): Promise<CheckedCredentials> {
  await consumeLoginAttempt(credentials.email, client.ip);
  const user = await userWithPasswordByEmail(credentials.email);
  const valid = await verifyPassword(credentials.password, user?.passwordHash ?? null);
  if (!user || !valid) {
    await recordAuthEvent({ type: 'login_failed', mode, userId: user?.id, email: credentials.email, client });
    throw new InvalidCredentials();
  }
  // Independent writes, sent together: on PostgreSQL they overlap on the pool's connections
  // instead of costing a round trip each (SQLite's single connection runs them in turn anyway).
  await Promise.all([recordLoginSuccess(credentials.email, client.ip), recordAuthEvent({ type: 'login', mode, userId: user.id, client })]);
  return { user: toPublicUser(user), passwordHash: user.passwordHash };
}

/**
 * Run once the new login is stored. A password change that committed between the password check
 * and that insert ended the user's other logins before this one existed, so this one would
 * survive it; if the hash has changed since it was checked, the new login is ended and refused as
 * if the password had been wrong (which it now is).
 */
export async function confirmPasswordUnchanged(userId: string, checkedHash: string, endLogin: () => Promise<unknown>): Promise<void> {
  if ((await currentPasswordHash(userId)) === checkedHash) return;
  await endLogin();
  throw new InvalidCredentials();
}
