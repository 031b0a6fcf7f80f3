/**
 * Credentials for the load, made by the app's own code (same secrets as the server), so they are
 * byte for byte what a browser or client would hold after logging in.
 */
import { signAccessToken } from '@/lib/auth/access-token';
import { sessionCookieName } from '@/lib/http/cookies';
import { sealSessionToken } from '@/lib/auth/session-seal';
import { env } from '@/lib/env';
import { newProofKey, signProof, type ProofKey } from '../dpop-proof';
import type { RefreshCredential, SessionCredential } from './population';

/** The Cookie header a browser sends in session mode. */
export async function sessionCookieHeader(credential: SessionCredential): Promise<string> {
  return `${sessionCookieName()}=${await sealSessionToken(credential.token)}`;
}

/** The Authorization header a client sends in JWT mode. */
export async function bearerHeader(credential: RefreshCredential): Promise<string> {
  const { token } = await signAccessToken({ userId: credential.userId, role: credential.role, loginId: credential.familyId });
  return `Bearer ${token}`;
}

/**
 * An access token of this login as the server issued it one lifetime and a minute ago: expired
 * now. Made by the app's signer with the clock set back, then restored before anything else runs.
 */
export async function expiredBearerHeader(credential: RefreshCredential): Promise<string> {
  const realNow = Date.now;
  const shift = (env().accessTokenTtl + 60) * 1000;
  Date.now = () => realNow() - shift;
  try {
    return await bearerHeader(credential);
  } finally {
    Date.now = realNow;
  }
}

export type DpopClient = { key: ProofKey; accessToken: string };

/** DPoP clients after their login: a key each, and an access token bound to it (cnf.jkt). */
export async function dpopClients(credentials: RefreshCredential[]): Promise<DpopClient[]> {
  return Promise.all(
    credentials.map(async (credential) => {
      const key = await newProofKey();
      const { token } = await signAccessToken({ userId: credential.userId, role: credential.role, loginId: credential.familyId, jkt: key.jkt });
      return { key, accessToken: token };
    }),
  );
}

/**
 * The headers of `count` DPoP requests to `url`, the clients taking turns, each with a proof of
 * its own: the server accepts a jti once, and an iat for 60 s, so they are made right before use.
 */
export async function dpopHeaders(clients: DpopClient[], method: 'GET' | 'POST', url: string, count: number): Promise<Record<string, string>[]> {
  const headers: Record<string, string>[] = [];
  for (let index = 0; index < count; index += 1) {
    const client = clients[index % clients.length]!;
    headers.push({ authorization: `DPoP ${client.accessToken}`, dpop: await signProof(client.key, method, url, client.accessToken) });
  }
  return headers;
}
