import 'client-only';
import type { z } from 'zod';
import { errorBody } from '@/lib/contracts/errors';
import { labClock } from '@/lib/contracts/lab';
import { sendWithCredential } from '../transport';
import { parseServerTiming } from '../server-timing';

/** The credential one lab request carries: the lab-only session cookie, a token, or nothing. */
export type LabCredentialRef = { kind: 'session' } | { kind: 'jwt'; token: string } | { kind: 'none' };

export type LabReply = {
  status: number;
  body: unknown;
  /** Round trip as the page saw it, from the call to the parsed body. */
  ms: number;
  /** Which server process answered (X-Instance, set by server.mjs). */
  instance: string | null;
  authMs: number | null;
  dbMs: number | null;
  dbQueries: number | null;
  errorCode: string | null;
  /** The RFC 6750 error_description of a refused access token. */
  tokenError: string | null;
};

let sent = 0;
/** Every request the lab sent since the page loaded; experiments report their own share. */
export const labRequestsSent = (): number => sent;

/**
 * One request of an experiment, through the app's fetch wrapper. Never the tab's own login: a
 * session-kind request carries cookies, but the lab endpoints read only the lab cookie; the other
 * kinds carry no cookie at all and cannot receive one.
 */
export async function labRequest(
  path: string,
  credential: LabCredentialRef,
  options: { method?: 'GET' | 'POST' | 'DELETE'; body?: unknown } = {},
): Promise<LabReply> {
  sent += 1;
  const started = performance.now();
  const auth = credential.kind === 'session' ? { cookies: true } : credential.kind === 'jwt' ? { token: credential.token } : {};
  const response = await sendWithCredential(path, { method: options.method, body: options.body }, auth);
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  const ms = performance.now() - started;
  const metrics = parseServerTiming(response.headers.get('server-timing'));
  const metric = (name: string) => metrics.find((entry) => entry.name === name);
  const queries = /^(\d+) quer/.exec(metric('db')?.description ?? '');
  const parsedError = errorBody.safeParse(body);
  return {
    status: response.status,
    body,
    ms,
    instance: response.headers.get('x-instance'),
    authMs: metric('auth')?.duration ?? null,
    dbMs: metric('db')?.duration ?? null,
    dbQueries: queries ? Number(queries[1]) : null,
    errorCode: parsedError.success ? parsedError.data.error.code : null,
    tokenError: /error_description="([^"]*)"/.exec(response.headers.get('www-authenticate') ?? '')?.[1] ?? null,
  };
}

/** The body of a successful reply in its schema's shape, or an error naming what the server said. */
export function expectBody<Schema extends z.ZodType>(reply: LabReply, status: number, schema: Schema): z.output<Schema> {
  if (reply.status !== status) throw new Error(`The server answered ${reply.status}${reply.errorCode ? ` ${reply.errorCode}` : ''} instead of ${status}.`);
  return schema.parse(reply.body);
}

/** The server's clock as a request sees it now (GET /api/lab/clock), in milliseconds. */
export async function serverClock(): Promise<number> {
  const reply = await labRequest('/api/lab/clock', { kind: 'none' });
  return expectBody(reply, 200, labClock).now.getTime();
}
