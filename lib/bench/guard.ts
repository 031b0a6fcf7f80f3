import 'server-only';
import { env } from '@/lib/env';
import { NotFound } from '@/lib/domain-errors';

/** The benchmark's routes exist only when BENCH_ROUTES=true; otherwise they look like any unknown path. */
export function assertBenchRoutesEnabled(): void {
  if (!env().benchRoutes) throw new NotFound();
}
