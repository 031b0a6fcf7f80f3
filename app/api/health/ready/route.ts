import { db } from '@/lib/db/client';
import { apiRoute } from '@/lib/http/route';
import { readyResponse } from '@/lib/contracts/service';
import { respond } from '@/lib/http/respond';

/**
 * Readiness, for a load balancer: 200 when this instance can serve (its database answers), else
 * 503 `database_unavailable` (lib/http/route.ts maps the error). While the instance shuts down,
 * server.mjs answers 503 `draining` before the request gets here.
 */
export const GET = apiRoute(async () => {
  await db().$queryRaw`SELECT 1`;
  return respond(readyResponse, { ready: true });
});

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
