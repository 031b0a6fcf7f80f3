import 'server-only';
import { currentDate } from '@/lib/clock';
import { db } from '@/lib/db/client';
import { isRecordNotFound, isUniqueViolation } from '@/lib/db/errors';
import { publicUserById } from '@/lib/db/hot-queries';
import type { ClientInfo } from '@/lib/auth/client-info';
import { recordAuthEvent } from '@/lib/auth/events';
import { revokeOtherLogins } from '@/lib/auth/active-logins';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import type { Principal } from '@/lib/auth/principal';
import { publicUserSelect, toPublicUser, type PublicUser } from '@/lib/auth/user-dto';
import { Conflict, Forbidden, InvalidInput, Unauthenticated } from '@/lib/domain-errors';
import type { SignupInput } from '@/lib/validation/auth';

export async function signUp(input: SignupInput, client: ClientInfo): Promise<PublicUser> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db().user.create({
      data: { email: input.email, name: input.name, role: input.role, companyName: input.companyName, passwordHash },
      select: publicUserSelect,
    });
    await recordAuthEvent({ type: 'signup', userId: user.id, client });
    return toPublicUser(user);
  } catch (error) {
    if (isUniqueViolation(error)) throw new Conflict('email_taken', 'An account with this email already exists.');
    throw error;
  }
}

/** The caller's own account; a login whose user was deleted meanwhile is no login. */
export async function getUser(principal: Principal): Promise<PublicUser> {
  if (principal.mode === 'session') return principal.user;
  const user = await publicUserById(principal.userId);
  if (!user) throw new Unauthenticated('This account no longer exists.');
  return toPublicUser(user);
}

export async function updateDisplayName(principal: Principal, name: string): Promise<PublicUser> {
  try {
    return toPublicUser(await db().user.update({ where: { id: principal.userId }, data: { name }, select: publicUserSelect }));
  } catch (error) {
    if (isRecordNotFound(error)) throw new Unauthenticated('This account no longer exists.');
    throw error;
  }
}

/**
 * Changes the password and ends every other login of the user (sessions and refresh families),
 * so whoever knew the old password is locked out; the device making the change stays logged in.
 */
export async function changePassword(
  principal: Principal,
  input: { currentPassword: string; newPassword: string },
  client: ClientInfo,
): Promise<void> {
  const user = await db().user.findUnique({ where: { id: principal.userId }, select: { passwordHash: true } });
  if (!user) throw new Unauthenticated('This account no longer exists.');
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new Forbidden('The current password is incorrect.', 'invalid_current_password');
  }
  if (input.currentPassword === input.newPassword) {
    throw new InvalidInput({ newPassword: ['Choose a password different from the current one'] });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db().user.update({ where: { id: principal.userId }, data: { passwordHash, passwordChangedAt: currentDate() } });
  const ended = await revokeOtherLogins(principal, 'password_changed');
  await recordAuthEvent({ type: 'password_changed', mode: principal.mode, userId: principal.userId, client, detail: `${ended} other logins ended` });
}
