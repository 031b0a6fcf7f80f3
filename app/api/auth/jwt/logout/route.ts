import { NextResponse } from 'next/server';
import { logOutFamily } from '@/lib/auth/logout';
import { clientInfo } from '@/lib/http/client-info';
import { apiRoute } from '@/lib/http/route';
import { clearRefreshCookie, presentedRefreshToken } from '@/lib/http/token-response';

/** Always ends with the cookie cleared; a genuine refresh token's whole family is revoked. */
export const POST = apiRoute(async (request) => {
  await logOutFamily(presentedRefreshToken(request), clientInfo(request));
  return clearRefreshCookie(new NextResponse(null, { status: 204 }));
});

export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
