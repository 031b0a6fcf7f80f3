import { z } from 'zod';
import { authModeSchema } from './auth';

// The lab's request and response shapes, shared by its route handlers (app/api/lab) and the page
// that runs the experiments (lib/client/lab), so neither side re-declares the other's types.

/** At most three logins per throwaway account, and one session among them (one lab cookie). */
export const labLoginsRequestSchema = z.strictObject({
  modes: z
    .array(authModeSchema)
    .min(1)
    .max(3)
    .refine((modes) => modes.filter((mode) => mode === 'session').length <= 1, 'At most one session login per lab account'),
});
export type LabLoginsRequest = z.infer<typeof labLoginsRequestSchema>;

const labSessionLoginSchema = z.object({
  mode: z.literal('session'),
  loginId: z.string(),
  /** Bytes of `name=value` the browser will send: the page cannot read the HttpOnly cookie itself. */
  cookieBytes: z.number().int(),
});
const labJwtLoginSchema = z.object({
  mode: z.literal('jwt'),
  loginId: z.string(),
  access_token: z.string(),
  refresh_token: z.string(),
  expires_in: z.number().int(),
});
export const labLoginSchema = z.discriminatedUnion('mode', [labSessionLoginSchema, labJwtLoginSchema]);
export type LabLogin = z.infer<typeof labLoginSchema>;

export const labLoginsResponseSchema = z.object({
  account: z.object({ id: z.string(), email: z.string(), expiresAt: z.string() }),
  logins: z.array(labLoginSchema),
});
export type LabLoginsResponse = z.infer<typeof labLoginsResponseSchema>;

/** GET /api/lab/me: who the credential is, and the clock the server saw (the test clock moves it). */
export const labWhoAmISchema = z.object({
  mode: authModeSchema,
  userId: z.string(),
  loginId: z.string(),
  now: z.string(),
});
export type LabWhoAmI = z.infer<typeof labWhoAmISchema>;

/** GET /api/lab/credential: the credential as the server received it, and what it stores for it. */
export const labCredentialSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('session'),
    cookie: z.object({
      name: z.string(),
      bytes: z.number().int(),
      httpOnly: z.boolean(),
      secure: z.boolean(),
      sameSite: z.string(),
      path: z.string(),
    }),
    stored: z.object({ table: z.literal('Session'), id: z.string(), tokenHash: z.string(), idleExpiresAt: z.string(), absoluteExpiresAt: z.string() }),
  }),
  z.object({ mode: z.literal('jwt'), authorizationBytes: z.number().int(), stored: z.null() }),
]);
export type LabCredential = z.infer<typeof labCredentialSchema>;

export const labEventsSchema = z.object({
  events: z.array(z.object({ type: z.string(), mode: z.string().nullable(), createdAt: z.string(), detail: z.string().nullable() })),
});
export type LabEvents = z.infer<typeof labEventsSchema>;
