import 'server-only';
import type { NextRequest } from 'next/server';
import { currentDate, now } from '@/lib/clock';
import { SESSION_EXPIRES_IN_HEADER } from '@/lib/contracts/headers';
import { isDatabaseUnavailable } from '@/lib/db/errors';
import { HttpError, httpErrorOf } from './errors';
import { runWithLedger, serverTimingHeader, type RequestLedger } from './request-context';
import { checkSameOrigin } from './same-origin';

type Handler<Context> = (request: NextRequest, context: Context) => Promise<Response>;

/**
 * Wraps every API route handler: one JSON error shape, no caching of authenticated answers, the
 * Server-Timing ledger, and the same-origin check for state-changing requests.
 */
export function apiRoute<Context = unknown>(handler: Handler<Context>): Handler<Context> {
  return async (request, context) => {
    const started = performance.now();
    const ledger: RequestLedger = { authMode: 'none', authMs: 0, dbQueries: 0, dbMs: 0 };
    let response: Response;
    try {
      response = await runWithLedger(ledger, async () => {
        checkSameOrigin(request);
        return handler(request, context);
      });
    } catch (error) {
      response = errorResponse(error);
    }
    // private as well as no-store: a shared cache (CDN, proxy) must never keep one user's answer or cookie for another.
    response.headers.set('Cache-Control', 'private, no-store');
    // The server's own time for the request, which other processes on a shared machine disturb far
    // less than the latency a client sees (Next's routing before the wrapper is not in it).
    ledger.totalMs = performance.now() - started;
    response.headers.set('Server-Timing', serverTimingHeader(ledger));
    // The clock DPoP proofs are checked against (the test clock included): a client whose own
    // clock is off sets its proofs' iat from this (lib/client/dpop.ts).
    response.headers.set('Date', currentDate().toUTCString());
    // Seconds rather than a date, so a browser whose clock is off still warns at the right moment.
    if (ledger.sessionEndsAt !== undefined) response.headers.set(SESSION_EXPIRES_IN_HEADER, String(Math.max(0, Math.floor((ledger.sessionEndsAt - now()) / 1000))));
    return response;
  };
}

export function errorResponse(error: unknown): Response {
  const answer = httpErrorOf(error);
  if (answer) {
    const { fields, headers } = answer.options;
    return Response.json(
      { error: { code: answer.code, message: answer.message, ...(fields ? { fields } : {}) } },
      { status: answer.status, headers },
    );
  }
  if (isDatabaseUnavailable(error)) {
    // Not a bug: the database cannot be reached from here right now. A proxy may retry elsewhere
    // (nginx does for safe methods); the pool reconnects by itself once the database is back.
    console.error('Database unavailable:', error instanceof Error ? error.message.split('\n').slice(-3).join(' ') : error);
    return Response.json(
      { error: { code: 'database_unavailable', message: 'The database cannot be reached right now. Try again in a moment.' } },
      { status: 503, headers: { 'Retry-After': '2' } },
    );
  }
  console.error('Unhandled error in API route', error);
  return Response.json({ error: { code: 'internal_error', message: 'Something went wrong on our side.' } }, { status: 500 });
}

/** 204 No Content, for actions that have nothing to say. */
export const noContent = () => new Response(null, { status: 204 });

/**
 * Exported under the names of the methods a route does not implement, so that they, too, get the
 * JSON error shape (Next's own 405 has an empty body).
 */
export const methodNotAllowed = apiRoute(async (request) => {
  throw new HttpError(405, 'method_not_allowed', `${request.method} is not allowed on this path.`);
});
