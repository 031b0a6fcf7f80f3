import { apiRoute } from '@/lib/http/route';
import { healthResponse } from '@/lib/contracts/service';
import { respond } from '@/lib/http/respond';

/**
 * Liveness: the process serves requests. It does not touch the database, so an outage there does
 * not get healthy instances restarted (they recover by themselves); readiness is /api/health/ready.
 */
export const GET = apiRoute(async () => respond(healthResponse, { ok: true }));

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
