import { NextResponse } from 'next/server';
import { clientInfo } from '@/lib/auth/client-info';
import { sessionCookieName } from '@/lib/auth/cookies';
import { recordAuthEvent } from '@/lib/auth/events';
import { revokeSession, unsealSessionToken, validateSessionToken } from '@/lib/auth/session';
import { clearSessionCookie } from '@/lib/auth/session-cookie';
import { apiRoute } from '@/lib/http/route';

/** Always ends with the cookie cleared; a live session is revoked on the server too. */
export const POST = apiRoute(async (request) => {
  const cookie = request.cookies.get(sessionCookieName())?.value;
  const token = cookie ? await unsealSessionToken(cookie) : null;
  const valid = token ? await validateSessionToken(token) : null;
  if (valid) {
    await revokeSession(valid.session.id);
    await recordAuthEvent({ type: 'logout', mode: 'session', userId: valid.user.id, client: clientInfo(request) });
  }
  const response = new NextResponse(null, { status: 204 });
  clearSessionCookie(response);
  return response;
});

export { methodNotAllowed as GET, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
