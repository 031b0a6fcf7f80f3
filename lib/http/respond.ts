import 'server-only';
import { NextResponse } from 'next/server';
import { z } from 'zod';

/**
 * A success answer shaped by its contract (lib/contracts), the schema the browser parses it with:
 * encoding through it turns the server's Dates into ISO strings in one place, and a body that has
 * drifted from the contract fails here, in the handler's own test, rather than in a page.
 */
export function respond<Schema extends z.ZodType>(schema: Schema, body: z.output<Schema>, init?: ResponseInit): NextResponse {
  return NextResponse.json(z.encode(schema, body), init);
}
