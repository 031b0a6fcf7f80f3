import 'server-only';
import type { Principal } from '@/lib/auth/principal';
import { unsealSessionToken } from '@/lib/auth/session-seal';
import { sha256Hex } from '@/lib/crypto';
import { labSessionCookie } from '@/lib/cookies';
import { env } from '@/lib/env';
import type { LabCredential } from '@/lib/contracts/lab';

/** What the request carried: its Authorization header and its lab session cookie's value. */
export type PresentedLabCredential = { authorization: string | null; sessionCookie: string | undefined };

const utf8Bytes = (value: string) => new TextEncoder().encode(value).length;

/**
 * What the server received and what it keeps, for the token X-ray. The page cannot read its
 * HttpOnly cookie, so the server reports its size and the attributes it set it with, and the only
 * thing it stores for it: the SHA-256 of the token inside the seal. A Bearer token is stored nowhere.
 */
export async function describeLabCredential(principal: Principal, presented: PresentedLabCredential): Promise<LabCredential> {
  if (principal.mode === 'jwt') {
    return { mode: 'jwt', authorizationBytes: utf8Bytes(presented.authorization ?? ''), stored: null };
  }
  const { name, attributes: options } = labSessionCookie(env().cookieSecure);
  const value = presented.sessionCookie ?? '';
  const token = await unsealSessionToken(value);
  return {
    mode: 'session',
    cookie: { name, bytes: utf8Bytes(`${name}=${value}`), httpOnly: options.httpOnly, secure: options.secure, sameSite: options.sameSite, path: options.path },
    stored: {
      table: 'Session',
      id: principal.session.id,
      tokenHash: token ? sha256Hex(token) : '',
      idleExpiresAt: principal.session.idleExpiresAt,
      absoluteExpiresAt: principal.session.absoluteExpiresAt,
    },
  };
}
