import 'server-only';
import { publicUserSelect, toPublicUser, type PublicUser } from '@/lib/auth/user-dto';
import { db } from '@/lib/db/client';
import { publicUserById } from '@/lib/db/hot-queries';
import { NotFound } from '@/lib/domain-errors';

/**
 * The one account the unauthenticated baseline route may show. `.invalid` is a reserved TLD
 * (RFC 2606), so no real person's mail address is ever this account, and only the benchmark's
 * seeding creates it: with BENCH_ROUTES on by mistake, the route still shows nobody's data.
 */
export const BENCH_BASELINE_EMAIL = 'bench-baseline@bench.invalid';

// The account's id, found once per process: a row's id never changes, and looking it up on
// every request would give the baseline a query that GET /api/me does not make.
let baselineId: Promise<string | null> | undefined;

/**
 * GET /api/me's data access in JWT mode (the user by id, through the same driver statement),
 * minus the token check: the baseline's one query is the authenticated route's, so the ratio
 * between them is what authentication costs and nothing else.
 */
export async function benchBaselineUser(): Promise<PublicUser> {
  baselineId ??= db()
    .user.findUnique({ where: { email: BENCH_BASELINE_EMAIL }, select: { id: publicUserSelect.id } })
    .then((user) => user?.id ?? null);
  const id = await baselineId;
  const user = id === null ? null : await publicUserById(id);
  if (!user) {
    baselineId = undefined; // seeded later, or deleted and seeded again: look again next time
    throw new NotFound();
  }
  return toPublicUser(user);
}
