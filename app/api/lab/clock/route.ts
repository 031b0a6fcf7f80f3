import { currentDate } from '@/lib/clock';
import { labClock } from '@/lib/contracts/lab';
import { respond } from '@/lib/http/respond';
import { apiRoute } from '@/lib/http/route';

/**
 * The server's clock as this request sees it, for the revocation stopwatch's time axis: a refused
 * request says nothing about the time, and the test profiles' clock may run ahead of the browser's
 * (X-Test-Clock-Offset). No credential, nothing read: the Date header tells as much.
 */
export const GET = apiRoute(async () => respond(labClock, { now: currentDate() }));

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
