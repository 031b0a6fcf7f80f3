import 'client-only';
import { base64url, createLocalJWKSet, errors, jwtVerify } from 'jose';
import { jwksResponse } from '@/lib/contracts/service';
import { expectBody, labRequest } from './request';

export type BrowserVerdict = { valid: true } | { valid: false; reason: string };

let keySet: Promise<ReturnType<typeof createLocalJWKSet>> | null = null;

/** The server's public keys, fetched once per page through the wrapper; a failed fetch is tried again next time. */
function publicKeys() {
  keySet ??= labRequest('/.well-known/jwks.json', { kind: 'none' })
    .then((reply) => createLocalJWKSet(expectBody(reply, 200, jwksResponse)))
    .catch((error: unknown) => {
      keySet = null;
      throw error;
    });
  return keySet;
}

/**
 * Verifies an access token here, in the browser, with nothing but the published public key: what
 * any other service could do. Algorithm and type pinned as on the server; issuer and audience are
 * the server's business.
 */
export async function verifyInBrowser(token: string): Promise<BrowserVerdict> {
  try {
    await jwtVerify(token, await publicKeys(), { algorithms: ['EdDSA'], typ: 'at+jwt' });
    return { valid: true };
  } catch (error) {
    return { valid: false, reason: describe(error) };
  }
}

function describe(error: unknown): string {
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not match the header and payload';
  if (error instanceof errors.JWTExpired) return 'the signature is valid, but the token has expired';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no published key has this kid';
  if (error instanceof errors.JOSEError) return `jose: ${error.code}`;
  return 'the token is not a JWT';
}

/** The token with its payload replaced by `payloadJson` and the original signature kept, or null for invalid JSON. */
export function withEditedPayload(token: string, payloadJson: string): string | null {
  const [header, , signature] = token.split('.');
  try {
    const value: unknown = JSON.parse(payloadJson);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    return `${header}.${base64url.encode(JSON.stringify(value))}.${signature}`;
  } catch {
    return null;
  }
}
