import type { Principal } from '@/lib/auth/principal';
import { authenticate } from '@/lib/http/authenticate';
import { env } from '@/lib/env';
import { readJsonBody } from '@/lib/http/body';
import { apiRoute } from '@/lib/http/route';
import { getUser, updateDisplayName } from '@/lib/services/accounts';
import { updateProfileSchema } from '@/lib/validation/auth';
import { meResponse, type MeAuth } from '@/lib/contracts/me';
import { userResponse } from '@/lib/contracts/users';
import { respond } from '@/lib/http/respond';

export const GET = apiRoute(async (request) => {
  const principal = await authenticate(request);
  const user = await getUser(principal);
  return respond(meResponse, { user, auth: describeLogin(principal) });
});

export const PATCH = apiRoute(async (request) => {
  const principal = await authenticate(request);
  const { name } = await readJsonBody(request, updateProfileSchema);
  return respond(userResponse, { user: await updateDisplayName(principal, name) });
});

/**
 * authTime: the login's last password check (step-up); idleWarningSeconds: how long before the
 * login's idle end the pages warn (IDLE_WARNING_SECONDS).
 */
function describeLogin(principal: Principal): MeAuth {
  const controls = { authTime: principal.authTime, idleWarningSeconds: env().idleWarningSeconds };
  if (principal.mode === 'jwt') {
    // dpopJkt: the key the token is bound to (RFC 9449 cnf.jkt), null for a Bearer token.
    return { mode: 'jwt' as const, loginId: principal.loginId, accessTokenExpiresAt: principal.accessTokenExpiresAt, dpopJkt: principal.dpopJkt, ...controls };
  }
  const { createdAt, lastSeenAt, idleExpiresAt, absoluteExpiresAt } = principal.session;
  return { mode: 'session' as const, loginId: principal.loginId, session: { createdAt, lastSeenAt, idleExpiresAt, absoluteExpiresAt }, ...controls };
}

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as DELETE } from '@/lib/http/route';
