import { NextResponse } from 'next/server';
import { z } from 'zod';
import { user as userContract } from '@/lib/contracts/users';
import { benchBaselineUser } from '@/lib/bench/baseline-user';
import { assertBenchRoutesEnabled } from '@/lib/bench/guard';
import { apiRoute } from '@/lib/http/route';

/**
 * GET /api/me's work without authentication: the same wrapper, the same user query, DTO and
 * encoding through the user's contract, for the benchmark's fixed account. What an authenticated /api/me costs is measured against this.
 */
export const GET = apiRoute(async () => {
  assertBenchRoutesEnabled();
  const user = await benchBaselineUser();
  return NextResponse.json({ user: z.encode(userContract, user), auth: { mode: 'none', loginId: null } });
});

export { methodNotAllowed as POST, methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
