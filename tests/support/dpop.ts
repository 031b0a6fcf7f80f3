import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { accessTokenHash, newProofKey, type ProofKey } from '../../scripts/dpop-proof';

/**
 * A DPoP client for tests (RFC 9449): a key pair and proofs made with it. Overrides let a test
 * make the proofs a server must refuse (another method, URL, time, jti or token).
 */
export type DpopKey = ProofKey;
export const newDpopKey = newProofKey;

export type ProofOptions = {
  /** The access token the proof goes with (its ath); none for token requests. */
  accessToken?: string;
  jti?: string;
  /** Seconds since 1970; default now. */
  iat?: number;
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
};

/** A proof for `method url`, signed by `key`. */
export async function dpopProof(key: DpopKey, method: string, url: string, options: ProofOptions = {}): Promise<string> {
  const claims = {
    jti: options.jti ?? randomUUID(),
    htm: method,
    htu: url,
    iat: options.iat ?? Math.floor(Date.now() / 1000),
    ...(options.accessToken === undefined ? {} : { ath: accessTokenHash(options.accessToken) }),
    ...options.claims,
  };
  return new SignJWT(claims)
    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.publicJwk, ...options.header })
    .sign(key.privateKey);
}

/** The headers of a resource request with a DPoP-bound access token. */
export async function dpopHeaders(key: DpopKey, method: string, url: string, accessToken: string, options: ProofOptions = {}) {
  return { authorization: `DPoP ${accessToken}`, dpop: await dpopProof(key, method, url, { accessToken, ...options }) };
}
