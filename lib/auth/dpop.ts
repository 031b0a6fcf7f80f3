import 'server-only';
import crypto from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, errors, importJWK, jwtVerify, type JWK } from 'jose';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { currentDate, nowSeconds } from '@/lib/clock';
import { rememberProof } from './dpop-replay';

/**
 * DPoP proofs (RFC 9449 §4.3): a JWT the client signs per request with its own key pair, whose
 * public half it puts in the header. A token bound to that key (cnf.jkt) is worthless without the
 * private key, which never leaves the client. Knows nothing of HTTP: lib/http/dpop.ts reads the
 * header and maps a DpopError to the status and challenge of the endpoint.
 */

/** Asymmetric algorithms accepted for proofs (the `algs` of the DPoP challenge). */
export const DPOP_ALGS = ['ES256'];
export const DPOP_TYP = 'dpop+jwt';

/**
 * How far a proof's iat may be from the server's clock, either way. A proof is made for one
 * request just before it is sent, so a minute is plenty for latency and covers client clocks
 * that are a little off; a captured proof is useless after it anyway, and the replay store only
 * has to remember a jti for that long (see docs/decisions/0011-dpop.md).
 */
export const DPOP_IAT_WINDOW_SECONDS = 60;

// Far more than a proof with a P-256 key needs (~600 bytes); bounds the work a garbage header costs.
const MAX_PROOF_LENGTH = 4096;

/** A proof that does not prove what it must. The message is safe to send back (it echoes nothing). */
export class DpopError extends Error {
  constructor(readonly description: string) {
    super(description);
    this.name = 'DpopError';
  }
}

export type ProofExpectation = {
  /** The request's method, as htm must name it. */
  method: string;
  /** Every acceptable htu: the request's public URL(s) without query and fragment (normalizeHtu). */
  urls: string[];
  /** At a resource: the access token the proof must be bound to by ath. */
  accessToken?: string;
  /** At a resource: the key thumbprint the access token is bound to (its cnf.jkt). */
  boundTo?: string;
};

const claimsSchema = z.object({
  jti: z.string().min(1).max(256),
  htm: z.string(),
  htu: z.string(),
  iat: z.number().int(),
  ath: z.string().optional(),
});

/**
 * Checks a proof and returns the RFC 7638 thumbprint of its key. Every check of RFC 9449 §4.3
 * that applies here (this server issues no nonces); the jti is remembered last, so a proof that
 * fails another check does not use up its jti.
 */
export async function verifyDpopProof(proof: string, expected: ProofExpectation): Promise<{ jkt: string }> {
  if (proof.length > MAX_PROOF_LENGTH) throw new DpopError('the proof is too long');
  const { key, jkt } = await proofKey(proof);
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(proof, key, { algorithms: DPOP_ALGS, typ: DPOP_TYP, currentDate: currentDate() }));
  } catch (error) {
    throw new DpopError(describeJoseError(error));
  }
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) throw new DpopError('the proof lacks one of the jti, htm, htu and iat claims');
  const claims = parsed.data;
  if (claims.htm !== expected.method) throw new DpopError('the htm claim is not the method of this request');
  if (!expected.urls.includes(normalizeHtu(claims.htu) ?? '')) throw new DpopError('the htu claim is not the URL of this request');
  if (Math.abs(claims.iat - nowSeconds()) > DPOP_IAT_WINDOW_SECONDS) throw new DpopError('the iat claim is too far from the server time');
  if (expected.accessToken !== undefined && claims.ath !== accessTokenHash(expected.accessToken)) {
    throw new DpopError('the ath claim is not the hash of the access token sent with it');
  }
  if (expected.boundTo !== undefined && expected.boundTo !== jkt) throw new DpopError('the proof is signed by another key than the token is bound to');
  const keepUntil = new Date((claims.iat + DPOP_IAT_WINDOW_SECONDS) * 1000);
  if (!(await rememberProof(jkt, claims.jti, keepUntil))) throw new DpopError('the proof was used before');
  return { jkt };
}

/** base64url(SHA-256(token)), the ath claim of a proof sent with an access token (RFC 9449 §4.2). */
export function accessTokenHash(token: string): string {
  return crypto.createHash('sha256').update(token, 'ascii').digest('base64url');
}

/**
 * An htu, or a request URL, without query and fragment (RFC 9449 §4.3 step 9), after the URL
 * parser's normalisation (scheme and host lower-cased, default port dropped); null if unparsable.
 */
export function normalizeHtu(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

const jwkSchema = z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string().min(1), y: z.string().min(1) });
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'];

/**
 * Imported keys by their public JWK. A client signs every proof with the same key, and importing
 * it costs about as much as verifying the signature. Bounded, so a flood of fresh keys cannot grow memory.
 */
const importedKeys = new LRUCache<string, { key: CryptoKey; jkt: string }>({ max: 10_000 });

async function proofKey(proof: string): Promise<{ key: CryptoKey; jkt: string }> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw new DpopError('the proof is not a JWT');
  }
  if (header.typ !== DPOP_TYP) throw new DpopError('the proof typ is not dpop+jwt');
  if (typeof header.alg !== 'string' || !DPOP_ALGS.includes(header.alg)) throw new DpopError(`the proof alg is not one of ${DPOP_ALGS.join(' ')}`);
  const jwk: unknown = header.jwk;
  if (typeof jwk === 'object' && jwk !== null && PRIVATE_MEMBERS.some((member) => member in jwk)) {
    throw new DpopError('the proof jwk contains a private key');
  }
  const parsed = jwkSchema.safeParse(jwk);
  if (!parsed.success) throw new DpopError('the proof jwk is not a P-256 public key');
  const publicJwk: JWK = { kty: parsed.data.kty, crv: parsed.data.crv, x: parsed.data.x, y: parsed.data.y };
  const cacheKey = JSON.stringify(publicJwk);
  const known = importedKeys.get(cacheKey);
  if (known) return known;
  let imported: { key: CryptoKey; jkt: string };
  try {
    const key = await importJWK(publicJwk, header.alg);
    if (!(key instanceof CryptoKey)) throw new DpopError('the proof jwk is not a usable key');
    imported = { key, jkt: await calculateJwkThumbprint(publicJwk, 'sha256') };
  } catch (error) {
    if (error instanceof DpopError) throw error;
    throw new DpopError('the proof jwk is not a usable key');
  }
  importedKeys.set(cacheKey, imported);
  return imported;
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the proof signature does not verify';
  if (error instanceof errors.JWTExpired) return 'the proof expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the proof ${error.claim} claim is not acceptable`;
  return 'the proof is malformed';
}
