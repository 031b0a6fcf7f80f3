import { NextResponse } from 'next/server';
import { clientInfo } from '@/lib/auth/client-info';
import { recordAuthEvent } from '@/lib/auth/events';
import { refreshTokenFamily, revokeFamily } from '@/lib/auth/refresh-token';
import { clearRefreshCookie, presentedRefreshToken } from '@/lib/auth/token-response';
import { apiRoute } from '@/lib/http/route';

/** Always ends with the cookie cleared; a genuine refresh token's whole family is revoked. */
export const POST = apiRoute(async (request) => {
  const token = presentedRefreshToken(request);
  const family = token ? await refreshTokenFamily(token) : null;
  if (family) {
    await revokeFamily(family.familyId, 'logout');
    await recordAuthEvent({ type: 'logout', mode: 'jwt', userId: family.userId, client: clientInfo(request) });
  }
  return clearRefreshCookie(new NextResponse(null, { status: 204 }));
});

export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
