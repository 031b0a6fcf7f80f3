import { clockOffsetMs, currentDate } from '@/lib/clock';
import { env } from '@/lib/env';
import { notFound } from '@/lib/http/errors';
import { testClockResponse } from '@/lib/contracts/service';
import { respond } from '@/lib/http/respond';
import { apiRoute } from '@/lib/http/route';

/**
 * The clock this request sees (TEST_CLOCK only; 404 otherwise, like any unknown path). Tests move
 * it per request with X-Test-Clock-Offset and read it here to check the offset took effect.
 */
export const GET = apiRoute(async () => {
  if (!env().testClock) throw notFound();
  return respond(testClockResponse, { now: currentDate(), offsetSeconds: clockOffsetMs() / 1000 });
});

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
