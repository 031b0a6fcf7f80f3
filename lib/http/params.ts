import 'server-only';
import { idSchema } from '@/lib/validation/jobs';
import { notFound } from './errors';

/** A path id that cannot name any row is a 404 before any query runs. */
export function validateParam(value: string): string {
  const parsed = idSchema.safeParse(value);
  if (!parsed.success) throw notFound();
  return parsed.data;
}

/** The second argument Next passes to a handler under an `[id]` folder. */
export type IdParams = { params: Promise<{ id: string }> };
