import 'server-only';
import crypto from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { currentDate, nowSeconds } from '@/lib/clock';
import { generateToken } from '@/lib/crypto';
import { InvalidRefreshToken } from '@/lib/domain-errors';
import { env } from '@/lib/env';

// Refresh tokens are JWTs too, but HMAC-signed with their own key and with their own type and
// audience: only this server verifies them, and neither token kind passes for the other.
const REFRESH_ALG = 'HS256';
export const REFRESH_TOKEN_TYP = 'refresh+jwt';
const refreshAudience = () => `${env().jwtAudience}:refresh`;

export type TokenRow = { userId: string; familyId: string; jti: string; issuedAt: Date; expiresAt: Date };

let hmacKey: Promise<CryptoKey> | undefined;
function refreshKey(): Promise<CryptoKey> {
  hmacKey ??= crypto.webcrypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(env().refreshTokenSecret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
  return hmacKey;
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** Deterministic for a given row, which is what lets the grace window hand out the same successor again. */
export async function signRefreshJwt(row: TokenRow): Promise<string> {
  return new SignJWT({ fid: row.familyId })
    .setProtectedHeader({ alg: REFRESH_ALG, typ: REFRESH_TOKEN_TYP })
    .setSubject(row.userId)
    .setIssuer(env().jwtIssuer)
    .setAudience(refreshAudience())
    .setJti(row.jti)
    .setIssuedAt(seconds(row.issuedAt))
    .setExpirationTime(seconds(row.expiresAt))
    .sign(await refreshKey());
}

// `fid` is what an access token calls `sid` (access-token.ts): kept, since renaming it would refuse
// every live refresh token at deploy; read as `loginId`. `familyId` is the same id under its column's name.
const claimsSchema = z.object({ sub: z.string().min(1), jti: z.string().min(1), fid: z.string().min(1) });

export async function verifyRefreshJwt(token: string): Promise<{ userId: string; jti: string; loginId: string }> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, await refreshKey(), {
      algorithms: [REFRESH_ALG],
      typ: REFRESH_TOKEN_TYP,
      issuer: env().jwtIssuer,
      audience: refreshAudience(),
      currentDate: currentDate(),
      requiredClaims: ['exp', 'iat', 'sub', 'jti'],
    }));
  } catch (error) {
    throw new InvalidRefreshToken(error instanceof errors.JWTExpired ? 'it expired' : 'it is malformed or forged');
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw new InvalidRefreshToken('it lacks required claims');
  return { userId: claims.data.sub, jti: claims.data.jti, loginId: claims.data.fid };
}

/** A new token of a family, signed; stored by the caller (its hash is what is kept). */
export async function nextRefreshToken(family: { userId: string; familyId: string; familyExpiresAt: Date }): Promise<{ token: string; row: TokenRow }> {
  const issuedAt = new Date(nowSeconds() * 1000);
  const expiresAt = new Date(Math.min(issuedAt.getTime() + env().refreshTokenTtl * 1000, family.familyExpiresAt.getTime()));
  const row = { userId: family.userId, familyId: family.familyId, jti: generateToken(), issuedAt, expiresAt };
  return { token: await signRefreshJwt(row), row };
}
