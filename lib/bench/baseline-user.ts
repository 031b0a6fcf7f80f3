import 'server-only';
import { publicUserSelect, toPublicUser, type PublicUser } from '@/lib/auth/user-dto';
import { db } from '@/lib/db/client';
import { notFound } from '@/lib/http/errors';

/**
 * The one account the unauthenticated baseline route may show. `.invalid` is a reserved TLD
 * (RFC 2606), so no real person's mail address is ever this account, and only the benchmark's
 * seeding creates it: with BENCH_ROUTES on by mistake, the route still shows nobody's data.
 */
export const BENCH_BASELINE_EMAIL = 'bench-baseline@bench.invalid';

/** The same query and DTO as GET /api/me in JWT mode, minus the token check. */
export async function benchBaselineUser(): Promise<PublicUser> {
  const user = await db().user.findUnique({ where: { email: BENCH_BASELINE_EMAIL }, select: publicUserSelect });
  if (!user) throw notFound();
  return toPublicUser(user);
}
