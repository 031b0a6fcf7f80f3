import { db } from '@/lib/db/client';
import { ApiError } from '@/lib/http/errors';
import { apiRoute } from '@/lib/http/route';

/** Liveness and database reachability, for the test suite's and a load balancer's checks. */
export const GET = apiRoute(async () => {
  try {
    await db().$queryRaw`SELECT 1`;
  } catch {
    throw new ApiError(503, 'unavailable', 'The database is not reachable.');
  }
  return Response.json({ ok: true });
});

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
