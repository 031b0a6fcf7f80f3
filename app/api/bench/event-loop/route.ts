import { NextResponse } from 'next/server';
import { eventLoopSnapshot, resetEventLoopDelay } from '@/lib/bench/event-loop';
import { assertBenchRoutesEnabled } from '@/lib/bench/guard';
import { apiRoute, noContent } from '@/lib/http/route';

/** The server's own event-loop delay since the last POST, measured from inside the process. */
export const GET = apiRoute(async () => {
  assertBenchRoutesEnabled();
  return NextResponse.json(eventLoopSnapshot());
});

/** Starts a new measurement window. */
export const POST = apiRoute(async () => {
  assertBenchRoutesEnabled();
  resetEventLoopDelay();
  return noContent();
});

export { methodNotAllowed as PUT, methodNotAllowed as PATCH, methodNotAllowed as DELETE } from '@/lib/http/route';
