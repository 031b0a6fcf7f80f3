import { clientInfo } from '@/lib/auth/client-info';
import { rotateRefreshToken } from '@/lib/auth/refresh-token';
import { presentedRefreshToken, tokenResponse } from '@/lib/auth/token-response';
import { invalidRefreshToken } from '@/lib/http/errors';
import { apiRoute } from '@/lib/http/route';

export const POST = apiRoute(async (request) => {
  const token = presentedRefreshToken(request);
  if (token === null) throw invalidRefreshToken('none was sent');
  const rotation = await rotateRefreshToken(token, clientInfo(request));
  return tokenResponse(rotation, rotation.user);
});

export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
