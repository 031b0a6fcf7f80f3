import { z } from 'zod';
import { isoDate } from './dates';

const mode = z.enum(['session', 'jwt']);

const labSessionLogin = z.object({
  mode: z.literal('session'),
  loginId: z.string(),
  /** Bytes of `name=value` the browser will send: the page cannot read the HttpOnly cookie itself. */
  cookieBytes: z.number().int(),
});
const labJwtLogin = z.object({
  mode: z.literal('jwt'),
  loginId: z.string(),
  access_token: z.string(),
  refresh_token: z.string(),
  expires_in: z.number().int(),
});
export const labLogin = z.discriminatedUnion('mode', [labSessionLogin, labJwtLogin]);
export type LabLogin = z.output<typeof labLogin>;

/** POST /api/lab/logins (201): a throwaway account, logged in once per mode asked for. */
export const labLoginsResponse = z.object({
  account: z.object({ id: z.string(), email: z.string(), expiresAt: isoDate }),
  logins: z.array(labLogin),
});
export type LabLoginsResponse = z.output<typeof labLoginsResponse>;

/** GET /api/lab/me: who the credential is, and the clock the server saw (the test clock moves it). */
export const labWhoAmI = z.object({ mode, userId: z.string(), loginId: z.string(), now: isoDate });
export type LabWhoAmI = z.output<typeof labWhoAmI>;

/** GET /api/lab/credential: the credential as the server received it, and what it stores for it. */
export const labCredential = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('session'),
    cookie: z.object({ name: z.string(), bytes: z.number().int(), httpOnly: z.boolean(), secure: z.boolean(), sameSite: z.string(), path: z.string() }),
    stored: z.object({ table: z.literal('Session'), id: z.string(), tokenHash: z.string(), idleExpiresAt: isoDate, absoluteExpiresAt: isoDate }),
  }),
  z.object({ mode: z.literal('jwt'), authorizationBytes: z.number().int(), stored: z.null() }),
]);
export type LabCredential = z.output<typeof labCredential>;

/** GET /api/lab/events: the lab account's audit trail, oldest first. */
export const labEvents = z.object({
  events: z.array(z.object({ type: z.string(), mode: mode.nullable(), createdAt: isoDate, detail: z.string().nullable() })),
});
export type LabEvents = z.output<typeof labEvents>;

/** GET /api/lab/clock: the server's clock as this request sees it. */
export const labClock = z.object({ now: isoDate });
