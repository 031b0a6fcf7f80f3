import { NextResponse } from 'next/server';
import { currentDate } from '@/lib/clock';
import { apiRoute } from '@/lib/http/route';
import { authenticateLab } from '@/lib/http/lab';
import type { LabWhoAmI } from '@/lib/validation/lab';

/**
 * The lab's measured endpoint: authentication and nothing else, so its Server-Timing is the cost
 * of the credential alone. It reads the lab cookie instead of the tab's (same code path).
 */
export const GET = apiRoute(async (request) => {
  const principal = await authenticateLab(request);
  const body: LabWhoAmI = { mode: principal.mode, userId: principal.userId, loginId: principal.loginId, now: currentDate().toISOString() };
  return NextResponse.json(body);
});

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
