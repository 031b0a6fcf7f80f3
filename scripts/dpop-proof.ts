/**
 * Making DPoP proofs (RFC 9449 §4.2) outside the browser: for scripts/dpop-client.ts, the
 * benchmark and the tests. The browser's own code is lib/client/dpop.ts (WebCrypto, a key that
 * cannot be exported); this one uses jose with a key kept in memory.
 */
import { createHash, randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

export type ProofKey = { privateKey: CryptoKey; publicJwk: JWK; jkt: string };

/** base64url(SHA-256(access token)): the ath claim of a proof sent with that token. */
export function accessTokenHash(token: string): string {
  return createHash('sha256').update(token, 'ascii').digest('base64url');
}

/** A fresh ES256 key pair; jkt is its RFC 7638 thumbprint, what a bound token's cnf.jkt names. */
export async function newProofKey(): Promise<ProofKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const { kty, crv, x, y } = await exportJWK(publicKey);
  const publicJwk = { kty, crv, x, y };
  return { privateKey, publicJwk, jkt: await calculateJwkThumbprint(publicJwk) };
}

/** One proof for one request: `url` without query or fragment, `accessToken` at a resource. */
export async function signProof(key: ProofKey, method: string, url: string, accessToken?: string): Promise<string> {
  const htu = new URL(url);
  htu.search = '';
  htu.hash = '';
  return new SignJWT({
    jti: randomBytes(16).toString('base64url'),
    htm: method,
    htu: htu.href,
    iat: Math.floor(Date.now() / 1000),
    ...(accessToken === undefined ? {} : { ath: accessTokenHash(accessToken) }),
  })
    .setProtectedHeader({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.publicJwk })
    .sign(key.privateKey);
}
