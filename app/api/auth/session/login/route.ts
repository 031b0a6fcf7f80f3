import { cleanUpAfterResponse } from '@/lib/http/after-response';
import { clientInfo } from '@/lib/http/client-info';
import { checkCredentials, confirmPasswordUnchanged } from '@/lib/auth/credential-check';
import { readLoginCredentials } from '@/lib/http/login-request';
import { enforceLoginLimit } from '@/lib/auth/login-limit';
import { createSession, revokeSession } from '@/lib/auth/session';
import { setSessionCookie } from '@/lib/http/session-cookie';
import { apiRoute } from '@/lib/http/route';
import { sessionLoginResponse } from '@/lib/contracts/tokens';
import { respond } from '@/lib/http/respond';

export const POST = apiRoute(async (request) => {
  const credentials = await readLoginCredentials(request);
  const client = clientInfo(request);
  cleanUpAfterResponse();
  const { user, passwordHash } = await checkCredentials(credentials, 'session', client);
  const { token, session } = await createSession(user.id, client, credentials.remember);
  await confirmPasswordUnchanged(user.id, passwordHash, () => revokeSession(session.id));
  await enforceLoginLimit(user.id, client);
  const response = respond(sessionLoginResponse, {
    user,
    session: { id: session.id, idleExpiresAt: session.idleExpiresAt, absoluteExpiresAt: session.absoluteExpiresAt },
  });
  await setSessionCookie(response, token, session.absoluteExpiresAt, credentials.remember);
  return response;
});

export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
