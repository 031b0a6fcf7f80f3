import { scheduleCleanup } from '@/lib/auth/cleanup';
import { clientInfo } from '@/lib/auth/client-info';
import { checkCredentials, confirmPasswordUnchanged, readLoginCredentials } from '@/lib/auth/login';
import { enforceLoginLimit } from '@/lib/auth/login-limit';
import { revokeFamily, startRefreshFamily } from '@/lib/auth/refresh-token';
import { tokenResponse } from '@/lib/auth/token-response';
import { loginRequestKey } from '@/lib/http/dpop';
import { apiRoute } from '@/lib/http/route';

export const POST = apiRoute(async (request) => {
  const credentials = await readLoginCredentials(request);
  // Before the password: a request whose proof is refused costs no login attempt.
  const jkt = await loginRequestKey(request);
  const client = clientInfo(request);
  scheduleCleanup();
  const { user, passwordHash } = await checkCredentials(credentials, 'jwt', client);
  const refresh = await startRefreshFamily(user.id, client, jkt, credentials.remember);
  await confirmPasswordUnchanged(user.id, passwordHash, () => revokeFamily(refresh.familyId, 'password_changed'));
  await enforceLoginLimit(user.id, client);
  return tokenResponse(refresh, user, jkt);
});

export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
