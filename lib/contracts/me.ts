import { z } from 'zod';
import { isoDate } from './dates';
import { user } from './users';

/** authTime: the login's last password check (null before step-up existed); idleWarningSeconds: when pages warn. */
const loginControls = {
  loginId: z.string(),
  authTime: isoDate.nullable(),
  idleWarningSeconds: z.number(),
};

export const sessionAuth = z.object({
  mode: z.literal('session'),
  session: z.object({ createdAt: isoDate, lastSeenAt: isoDate, idleExpiresAt: isoDate, absoluteExpiresAt: isoDate }),
  ...loginControls,
});

export const jwtAuth = z.object({
  mode: z.literal('jwt'),
  accessTokenExpiresAt: isoDate,
  /** The key a DPoP-bound token is bound to (RFC 9449 cnf.jkt), null for a Bearer token. */
  dpopJkt: z.string().nullable(),
  ...loginControls,
});

/** GET /api/me. */
export const meResponse = z.object({ user, auth: z.discriminatedUnion('mode', [sessionAuth, jwtAuth]) });
export type Me = z.output<typeof meResponse>;
export type MeAuth = Me['auth'];

const loginKind = z.enum(['session', 'jwt']);

/** One active login: the session id or the refresh family id. */
export const activeLogin = z.object({
  id: z.string(),
  kind: loginKind,
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: isoDate,
  lastUsedAt: isoDate,
  expiresAt: isoDate,
  current: z.boolean(),
});
export type ActiveLogin = z.output<typeof activeLogin>;

/** A login MAX_LOGINS_PER_USER ended. */
export const endedLogin = z.object({ id: z.string(), kind: loginKind, endedAt: isoDate, reason: z.literal('login_limit') });
export type EndedLogin = z.output<typeof endedLogin>;

/** GET /api/me/sessions. */
export const sessionsResponse = z.object({ sessions: z.array(activeLogin), ended: z.array(endedLogin) });
export type SessionsResponse = z.output<typeof sessionsResponse>;

/** DELETE /api/me/sessions: how many other logins ended. */
export const revokedResponse = z.object({ revoked: z.number().int() });
