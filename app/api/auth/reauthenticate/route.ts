import { clientInfo } from '@/lib/http/client-info';
import { authenticate } from '@/lib/http/authenticate';
import { reauthenticate } from '@/lib/auth/step-up';
import { env } from '@/lib/env';
import { readJsonBody } from '@/lib/http/body';
import { apiRoute } from '@/lib/http/route';
import { reauthenticateSchema } from '@/lib/validation/auth';
import { jwtReauthentication, sessionReauthentication } from '@/lib/contracts/tokens';
import { respond } from '@/lib/http/respond';

/** Step-up: the password again makes the current login fresh (both modes); JWT mode gets a new access token. */
export const POST = apiRoute(async (request) => {
  const principal = await authenticate(request);
  const { password } = await readJsonBody(request, reauthenticateSchema);
  const result = await reauthenticate(principal, password, clientInfo(request));
  if (result.mode === 'session') return respond(sessionReauthentication, { authTime: result.authTime });
  return respond(jwtReauthentication, {
    access_token: result.accessToken,
    token_type: result.tokenType,
    expires_in: env().accessTokenTtl,
    authTime: result.authTime,
  });
});

export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
