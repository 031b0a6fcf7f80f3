import { clientInfo } from '@/lib/http/client-info';
import { recordAuthEvent } from '@/lib/auth/events';
import { loginsEndedByLimit } from '@/lib/auth/login-limit';
import { listActiveLogins, revokeOtherLogins } from '@/lib/auth/active-logins';
import { authenticate } from '@/lib/http/authenticate';
import { requireRecentAuthentication } from '@/lib/auth/step-up';
import { apiRoute } from '@/lib/http/route';
import { revokedResponse, sessionsResponse } from '@/lib/contracts/me';
import { respond } from '@/lib/http/respond';

export const GET = apiRoute(async (request) => {
  const principal = await authenticate(request);
  // ended: logins MAX_LOGINS_PER_USER ended lately, so the list can say where they went.
  const [sessions, ended] = await Promise.all([listActiveLogins(principal), loginsEndedByLimit(principal.userId)]);
  return respond(sessionsResponse, { sessions, ended });
});

/** "Log out everywhere else": a sensitive action, so it needs a recent password check (step-up). */
export const DELETE = apiRoute(async (request) => {
  const principal = await authenticate(request);
  requireRecentAuthentication(principal);
  const revoked = await revokeOtherLogins(principal, 'revoked_by_user');
  await recordAuthEvent({ type: 'session_revoked', mode: principal.mode, userId: principal.userId, client: clientInfo(request), detail: `${revoked} other logins` });
  return respond(revokedResponse, { revoked });
});

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH } from '@/lib/http/route';
