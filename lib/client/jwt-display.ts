import 'client-only';
import { decodeJwt, decodeProtectedHeader, type JWTPayload, type ProtectedHeaderParameters } from 'jose';

/**
 * A JWT taken apart for display, as jwt.io does: jose decodes it, this only adds the signature
 * part and the expiry in milliseconds the pages count down to, and null instead of a throw for
 * what is not a JWT. Nothing here verifies anything; the server verifies every token it receives.
 */
export type DecodedJwt = { header: ProtectedHeaderParameters; payload: JWTPayload; signature: string; expiresAt: number | null };

export function decodeJwtForDisplay(token: string): DecodedJwt | null {
  try {
    const payload = decodeJwt(token);
    return {
      header: decodeProtectedHeader(token),
      payload,
      signature: token.split('.')[2] ?? '',
      expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : null,
    };
  } catch {
    return null;
  }
}
