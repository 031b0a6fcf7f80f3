import { z } from 'zod';
import { isoDate } from './dates';
import { user } from './users';

export const tokenType = z.enum(['Bearer', 'DPoP']);

/** POST /api/auth/jwt/login and /api/auth/jwt/refresh: the OAuth 2.0 token response (RFC 6749 §5.1). */
export const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: tokenType,
  expires_in: z.number().int(),
  refresh_token: z.string().min(1),
  refresh_expires_in: z.number().int(),
  user,
});
export type TokenResponse = z.output<typeof tokenResponse>;

/** POST /api/auth/session/login. */
export const sessionLoginResponse = z.object({
  user,
  session: z.object({ id: z.string(), idleExpiresAt: isoDate, absoluteExpiresAt: isoDate }),
});
export type SessionLoginResponse = z.output<typeof sessionLoginResponse>;

/** POST /api/auth/reauthenticate in session mode: only the new auth_time. */
export const sessionReauthentication = z.object({ authTime: isoDate });

/** POST /api/auth/reauthenticate in JWT mode: a new access token carrying the new auth_time. */
export const jwtReauthentication = z.object({
  access_token: z.string().min(1),
  token_type: tokenType,
  expires_in: z.number().int(),
  authTime: isoDate,
});
export type JwtReauthentication = z.output<typeof jwtReauthentication>;

/** Either mode's answer; the JWT shape first, since the session one is its subset. */
export const reauthentication = z.union([jwtReauthentication, sessionReauthentication]);
