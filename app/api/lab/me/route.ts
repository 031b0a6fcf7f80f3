import { currentDate } from '@/lib/clock';
import { apiRoute } from '@/lib/http/route';
import { authenticateLab } from '@/lib/http/lab';
import { labWhoAmI } from '@/lib/contracts/lab';
import { respond } from '@/lib/http/respond';

/**
 * The lab's measured endpoint: authentication and nothing else, so its Server-Timing is the cost
 * of the credential alone. It reads the lab cookie instead of the tab's (same code path).
 */
export const GET = apiRoute(async (request) => {
  const principal = await authenticateLab(request);
  return respond(labWhoAmI, { mode: principal.mode, userId: principal.userId, loginId: principal.loginId, now: currentDate() });
});

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
