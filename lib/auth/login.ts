import 'server-only';
import { db } from '@/lib/db/client';
import { parseBasicAuth } from '@/lib/http/basic-auth';
import { readJsonBody, validate } from '@/lib/http/body';
import { ApiError } from '@/lib/http/errors';
import { loginSchema, type AuthMode, type LoginInput } from '@/lib/validation/auth';
import type { ClientInfo } from './client-info';
import { recordAuthEvent } from './events';
import { consumeLoginAttempt, recordLoginSuccess } from './login-throttle';
import { verifyPassword } from './password';
import { publicUserSelect, toPublicUser, type PublicUser } from './user-dto';

/** Credentials from `Authorization: Basic` (non-browser clients) or from a JSON body. */
export async function readLoginCredentials(request: Request): Promise<LoginInput> {
  const authorization = request.headers.get('authorization');
  if (authorization === null) return readJsonBody(request, loginSchema);
  const { username, password } = parseBasicAuth(authorization);
  return validate(loginSchema, { email: username, password });
}

/** Same status, body and (through the dummy hash) time whether the email or the password was wrong. */
const invalidCredentials = () => new ApiError(401, 'invalid_credentials', 'The email or password is incorrect.');

export async function checkCredentials(credentials: LoginInput, mode: AuthMode, client: ClientInfo): Promise<PublicUser> {
  await consumeLoginAttempt(credentials.email, client.ip);
  const user = await db().user.findUnique({
    where: { email: credentials.email },
    select: { ...publicUserSelect, passwordHash: true },
  });
  const valid = await verifyPassword(credentials.password, user?.passwordHash ?? null);
  if (!user || !valid) {
    await recordAuthEvent({ type: 'login_failed', mode, userId: user?.id, email: credentials.email, client });
    throw invalidCredentials();
  }
  await recordLoginSuccess(credentials.email, client.ip);
  await recordAuthEvent({ type: 'login', mode, userId: user.id, client });
  return toPublicUser(user);
}
