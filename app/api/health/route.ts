import { db } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

/** Liveness and database reachability, for the test suite's and a load balancer's checks. */
export async function GET() {
  await db().$queryRaw`SELECT 1`;
  return Response.json({ ok: true }, { headers: { 'Cache-Control': 'no-store' } });
}
