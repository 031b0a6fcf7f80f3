import 'server-only';
import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';
import { env } from '@/lib/env';

export const ACCESS_TOKEN_ALG = 'EdDSA';

type SigningKeys = {
  kid: string;
  privateKey: CryptoKey;
  /** Every key a token may have been signed with, by kid: the current one and those rotated out. */
  verificationKeys: Map<string, CryptoKey>;
  publicJwks: JWK[];
};

let keys: Promise<SigningKeys> | undefined;

/**
 * Imports the signing key once per process. Importing on every call would cost more than the
 * signature check itself.
 */
export function signingKeys(): Promise<SigningKeys> {
  keys ??= loadKeys();
  return keys;
}

async function loadKeys(): Promise<SigningKeys> {
  const { jwtPrivateKey, jwtPreviousPublicKeys } = env();
  const currentPublic = publicPart(jwtPrivateKey as JWK);
  const kid = currentPublic.kid ?? (await calculateJwkThumbprint(currentPublic));
  const privateKey = (await importJWK({ ...jwtPrivateKey, alg: ACCESS_TOKEN_ALG }, ACCESS_TOKEN_ALG)) as CryptoKey;

  const verificationKeys = new Map<string, CryptoKey>();
  const publicJwks: JWK[] = [];
  for (const jwk of [currentPublic, ...jwtPreviousPublicKeys.map((key) => publicPart(key as JWK))]) {
    const keyId = jwk.kid ?? (await calculateJwkThumbprint(jwk));
    verificationKeys.set(keyId, (await importJWK({ ...jwk, alg: ACCESS_TOKEN_ALG }, ACCESS_TOKEN_ALG)) as CryptoKey);
    publicJwks.push({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid: keyId, alg: ACCESS_TOKEN_ALG, use: 'sig' });
  }
  return { kid, privateKey, verificationKeys, publicJwks };
}

function publicPart(jwk: JWK): JWK {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, ...(jwk.kid ? { kid: jwk.kid } : {}) };
}
