import { cleanUpAfterResponse } from '@/lib/http/after-response';
import { clientInfo } from '@/lib/http/client-info';
import { checkCredentials, confirmPasswordUnchanged } from '@/lib/auth/credential-check';
import { readLoginCredentials } from '@/lib/http/login-request';
import { enforceLoginLimit } from '@/lib/auth/login-limit';
import { revokeFamily } from '@/lib/auth/refresh-family';
import { startRefreshFamily } from '@/lib/auth/refresh-token';
import { tokenResponse } from '@/lib/http/token-response';
import { loginRequestKey } from '@/lib/http/dpop';
import { apiRoute } from '@/lib/http/route';

export const POST = apiRoute(async (request) => {
  const credentials = await readLoginCredentials(request);
  // Before the password: a request whose proof is refused costs no login attempt.
  const jkt = await loginRequestKey(request);
  const client = clientInfo(request);
  cleanUpAfterResponse();
  const { user, passwordHash } = await checkCredentials(credentials, 'jwt', client);
  const refresh = await startRefreshFamily(user.id, client, jkt, credentials.remember);
  await confirmPasswordUnchanged(user.id, passwordHash, () => revokeFamily(refresh.familyId, 'password_changed'));
  await enforceLoginLimit(user.id, client);
  return tokenResponse(refresh, user, jkt);
});

export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
