import 'client-only';
import { base64url } from 'jose';
import type { BrowserKey } from './dpop';

/**
 * DPoP proofs (RFC 9449 §4.2) signed with this browser's key (dpop.ts), on the server's clock as
 * far as its Date headers showed it.
 */

const encoder = new TextEncoder();

export const sha256Base64url = async (text: string): Promise<string> => base64url.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))));

/**
 * A proof for one request (RFC 9449 §4.2). WebCrypto's ECDSA signature is already the raw r||s
 * that JWS ES256 wants. `iat` follows the server's clock as far as its Date header showed it
 * (serverClockSkew), so a browser whose clock is off still makes proofs the server accepts.
 */
export async function signProof(key: Pick<BrowserKey, 'privateKey' | 'publicJwk'>, method: string, url: string, accessToken?: string): Promise<string> {
  const htu = new URL(url, globalThis.location?.href);
  htu.search = '';
  htu.hash = '';
  const claims = {
    jti: base64url.encode(crypto.getRandomValues(new Uint8Array(16))),
    htm: method,
    htu: htu.href,
    iat: Math.floor(Date.now() / 1000) + skewSeconds,
    ...(accessToken === undefined ? {} : { ath: await sha256Base64url(accessToken) }),
  };
  const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: key.publicJwk };
  const input = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(claims))}`;
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, encoder.encode(input));
  return `${input}.${base64url.encode(new Uint8Array(signature))}`;
}

// Seconds the server's clock is ahead of this browser's; differences under SKEW_IGNORED are the
// Date header's one-second resolution and latency, not a wrong clock.
let skewSeconds = 0;
const SKEW_IGNORED = 5;

/**
 * Learns the server's time from a response's Date header. Returns whether that changed the
 * clock proofs are made with, i.e. whether a proof refused as stale is worth making again.
 */
export function noteServerDate(response: Response): boolean {
  const date = Date.parse(response.headers.get('date') ?? '');
  if (Number.isNaN(date)) return false;
  const measured = Math.round((date - Date.now()) / 1000);
  const next = Math.abs(measured) < SKEW_IGNORED ? 0 : measured;
  const changed = Math.abs(next - skewSeconds) >= SKEW_IGNORED;
  if (changed) skewSeconds = next;
  return changed;
}
