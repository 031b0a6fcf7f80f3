import { NextResponse } from 'next/server';
import { clientInfo } from '@/lib/auth/client-info';
import { recordAuthEvent } from '@/lib/auth/events';
import { listActiveLogins, revokeOtherLogins } from '@/lib/auth/logins';
import { authenticate } from '@/lib/auth/principal';
import { apiRoute } from '@/lib/http/route';

export const GET = apiRoute(async (request) => {
  const principal = await authenticate(request);
  return NextResponse.json({ sessions: await listActiveLogins(principal) });
});

/** "Log out everywhere else". */
export const DELETE = apiRoute(async (request) => {
  const principal = await authenticate(request);
  const revoked = await revokeOtherLogins(principal, 'revoked_by_user');
  await recordAuthEvent({ type: 'session_revoked', mode: principal.mode, userId: principal.userId, client: clientInfo(request), detail: `${revoked} other logins` });
  return NextResponse.json({ revoked });
});

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH } from '@/lib/http/route';
