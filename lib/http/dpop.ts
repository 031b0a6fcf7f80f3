import 'server-only';
import type { NextRequest } from 'next/server';
import { cleanUpAfterResponse } from './after-response';
import { DpopError, normalizeHtu, verifyDpopProof, type ProofExpectation } from '@/lib/auth/dpop';
import { env } from '@/lib/env';
import { InvalidDpopProof } from '@/lib/domain-errors';
import { noteDpopCheck } from './request-context';
import { ownOrigins } from './same-origin';

const invalidTokenRequestProof = (description: string) => new InvalidDpopProof(description, 'token_request');
const invalidDpopProof = (description: string) => new InvalidDpopProof(description, 'resource');

/**
 * The HTTP side of DPoP (RFC 9449): which proof a request carries, which URL it must name, and
 * what a failed check answers: 400 at the token endpoints (§5), 401 with a DPoP challenge at a
 * resource (§7.1).
 */

/**
 * The request's DPoP header; null when there is none. Several DPoP headers arrive joined by
 * commas, which a compact JWS never contains, and RFC 9449 §4.3 allows exactly one.
 */
function proofHeader(request: NextRequest, refuse: (description: string) => Error): string | null {
  const value = request.headers.get('dpop');
  if (value === null) return null;
  if (value.includes(',')) throw refuse('send exactly one DPoP header');
  return value.trim();
}

/**
 * The URLs a proof's htu may name: the request's path under each public origin (APP_ORIGIN when
 * set, since a proxy in front may rewrite Host and the scheme; else the request's own Host).
 */
function publicUrls(request: NextRequest): string[] {
  return ownOrigins(request).flatMap((origin) => normalizeHtu(`${origin}${request.nextUrl.pathname}`) ?? []);
}

async function check(request: NextRequest, proof: string, expected: Omit<ProofExpectation, 'method' | 'urls'>, refuse: (description: string) => Error) {
  const started = performance.now();
  try {
    return await verifyDpopProof(proof, { method: request.method, urls: publicUrls(request), ...expected });
  } catch (error) {
    if (error instanceof DpopError) throw refuse(error.description);
    throw error;
  } finally {
    noteDpopCheck(performance.now() - started);
  }
}

/**
 * The key a login or refresh request proved possession of, or null for a client without DPoP.
 * An invalid proof is refused, never ignored: a client that sent one expects bound tokens.
 */
export async function tokenRequestKey(request: NextRequest): Promise<string | null> {
  const proof = proofHeader(request, invalidTokenRequestProof);
  if (proof === null) return null;
  return (await check(request, proof, {}, invalidTokenRequestProof)).jkt;
}

/**
 * As tokenRequestKey, and with DPOP_REQUIRED on a login must carry a proof. Only logins: every
 * family they start is then bound, and a bound family refuses refreshes without its key anyway.
 */
export async function loginRequestKey(request: NextRequest): Promise<string | null> {
  const jkt = await tokenRequestKey(request);
  if (jkt === null && env().dpopRequired) throw invalidTokenRequestProof('this server requires a DPoP proof with every JWT login');
  return jkt;
}

/** Checks the proof that must accompany a DPoP-bound access token at a resource. */
export async function proveResourceRequest(request: NextRequest, accessToken: string, boundTo: string): Promise<void> {
  const proof = proofHeader(request, invalidDpopProof);
  if (proof === null) throw invalidDpopProof('a DPoP-bound token needs a DPoP proof header');
  await check(request, proof, { accessToken, boundTo }, invalidDpopProof);
  // The replay store grows with every proof; make sure some request prunes it, logins or not.
  cleanUpAfterResponse();
}
