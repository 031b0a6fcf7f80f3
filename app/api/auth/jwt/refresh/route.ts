import { clientInfo } from '@/lib/http/client-info';
import { rotateRefreshToken } from '@/lib/auth/refresh-token';
import { InvalidRefreshToken } from '@/lib/domain-errors';
import { presentedRefreshToken, tokenResponse } from '@/lib/http/token-response';
import { tokenRequestKey } from '@/lib/http/dpop';
import { apiRoute } from '@/lib/http/route';

export const POST = apiRoute(async (request) => {
  const token = presentedRefreshToken(request);
  if (token === null) throw new InvalidRefreshToken('none was sent');
  // An invalid proof changes nothing (400); a bound family refreshed without its key is revoked.
  const jkt = await tokenRequestKey(request);
  const rotation = await rotateRefreshToken(token, clientInfo(request), jkt);
  return tokenResponse(rotation, rotation.user, jkt);
});

export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
