import { NextResponse } from 'next/server';
import { logOutSession } from '@/lib/auth/logout';
import { presentedSession } from '@/lib/http/authenticate';
import { clientInfo } from '@/lib/http/client-info';
import { apiRoute } from '@/lib/http/route';
import { clearSessionCookie } from '@/lib/http/session-cookie';

/** Always ends with the cookie cleared; a live session is revoked on the server too. */
export const POST = apiRoute(async (request) => {
  await logOutSession(await presentedSession(request), clientInfo(request));
  const response = new NextResponse(null, { status: 204 });
  clearSessionCookie(response);
  return response;
});

export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
