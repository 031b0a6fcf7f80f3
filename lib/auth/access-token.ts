import 'server-only';
import { errors, jwtVerify, SignJWT, type JWTHeaderParameters } from 'jose';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { currentDate, now, nowSeconds } from '@/lib/clock';
import { InvalidAccessToken, type TokenScheme } from '@/lib/domain-errors';
import { env } from '@/lib/env';
import { roleSchema, type Role } from '@/lib/validation/auth';
import { ACCESS_TOKEN_ALG, signingKeys } from './keys';
import { generateToken } from '@/lib/crypto';
import type { AuthTrace } from './trace';

/** RFC 9068's media type for JWT access tokens; a refresh token never carries it. */
export const ACCESS_TOKEN_TYP = 'at+jwt';

export type AccessTokenClaims = {
  userId: string;
  role: Role;
  /** The login (refresh-token family) this token belongs to. */
  loginId: string;
  jti: string;
  expiresAt: Date;
  /** DPoP (RFC 9449): the thumbprint of the key the token is bound to (cnf.jkt); null for a Bearer token. */
  jkt: string | null;
  /** The login's last password check (OIDC/RFC 9470 auth_time), for step-up; null if the token has none. */
  authTime: Date | null;
};

type Subject = { userId: string; role: Role; loginId: string; jkt?: string | null; authTime?: Date | null };

/** `lifetimeSeconds` is the server's own choice, never a client's: only the lab's logins shorten it (lib/lab/logins.ts). */
export async function signAccessToken(subject: Subject, lifetimeSeconds = env().accessTokenTtl): Promise<{ token: string; expiresAt: Date }> {
  const { kid, privateKey } = await signingKeys();
  const { jwtIssuer, jwtAudience } = env();
  const issuedAt = nowSeconds();
  const expiresAt = issuedAt + lifetimeSeconds;
  const claims: AccessTokenClaims = {
    userId: subject.userId,
    role: subject.role,
    loginId: subject.loginId,
    jti: generateToken(),
    expiresAt: new Date(expiresAt * 1000),
    jkt: subject.jkt ?? null,
    // Whole seconds, as the claim carries it and verification reads it back.
    authTime: subject.authTime ? new Date(Math.floor(subject.authTime.getTime() / 1000) * 1000) : null,
  };
  // RFC 9449 §6.1: a bound token names its key by thumbprint, so a resource can check the proof's key against it.
  const binding = claims.jkt ? { cnf: { jkt: claims.jkt } } : {};
  const authTime = claims.authTime ? { auth_time: claims.authTime.getTime() / 1000 } : {};
  const token = await new SignJWT({ role: claims.role, sid: claims.loginId, ...binding, ...authTime })
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, typ: ACCESS_TOKEN_TYP, kid })
    .setSubject(claims.userId)
    .setIssuer(jwtIssuer)
    .setAudience(jwtAudience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .setJti(claims.jti)
    .sign(privateKey);
  // Signed here, so its claims are known without a check: the client's next request finds them verified.
  remember(token, claims);
  return { token, expiresAt: claims.expiresAt };
}

// `sid` is the login (refresh family) id, which a refresh token calls `fid` (refresh-token.ts): the
// claim names stay, since renaming one would refuse every live token at deploy and log everyone
// out; code calls it `loginId` on both sides.
const claimsSchema = z.object({
  sub: z.string().min(1),
  role: roleSchema,
  sid: z.string().min(1),
  jti: z.string().min(1),
  exp: z.number(),
  cnf: z.object({ jkt: z.string().min(1) }).optional(),
  auth_time: z.number().int().nonnegative().optional(),
});

/**
 * Tokens whose signature and claims already verified in this process, until they expire. A
 * signature check costs a few hundred microseconds and a client sends the same token for its whole
 * lifetime; the answer cannot change before exp (access tokens are not revocable), so remembering
 * it changes nothing but the cost. Bounded, so a flood of distinct tokens cannot grow memory.
 */
const verifiedTokens = new LRUCache<string, AccessTokenClaims>({ max: 10_000 });

/**
 * Signature and claims only, no database: that is the point of JWT mode. The algorithm, type,
 * issuer and audience are pinned and exp is required; every failure is a 401 invalid_token, whose
 * challenge names the scheme the token came with. Whether it had to be DPoP-bound is the caller's
 * question (principal.ts).
 */
export async function verifyAccessToken(token: string, scheme: TokenScheme = 'Bearer', trace: AuthTrace = {}): Promise<AccessTokenClaims> {
  const known = verifiedTokens.get(token);
  if (known && known.expiresAt.getTime() > now()) {
    trace.cache = 'hit';
    return known;
  }
  trace.cache = 'miss';
  return remember(token, await verifyAccessTokenSignature(token, scheme));
}

function remember(token: string, claims: AccessTokenClaims): AccessTokenClaims {
  verifiedTokens.set(token, claims, { ttl: Math.max(1, claims.expiresAt.getTime() - now()) });
  return claims;
}

/** The check itself, without the cache; what signAccessToken remembers must equal what this reads back. */
export async function verifyAccessTokenSignature(token: string, scheme: TokenScheme = 'Bearer'): Promise<AccessTokenClaims> {
  const { verificationKeys } = await signingKeys();
  const { jwtIssuer, jwtAudience } = env();
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(
      token,
      (header: JWTHeaderParameters) => {
        const key = header.kid === undefined ? undefined : verificationKeys.get(header.kid);
        if (!key) throw new errors.JWKSNoMatchingKey();
        return key;
      },
      {
        algorithms: [ACCESS_TOKEN_ALG],
        typ: ACCESS_TOKEN_TYP,
        issuer: jwtIssuer,
        audience: jwtAudience,
        currentDate: currentDate(),
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
      },
    ));
  } catch (error) {
    throw new InvalidAccessToken(describeJoseError(error), scheme);
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw new InvalidAccessToken('the token lacks required claims', scheme);
  return {
    userId: claims.data.sub,
    role: claims.data.role,
    loginId: claims.data.sid,
    jti: claims.data.jti,
    expiresAt: new Date(claims.data.exp * 1000),
    jkt: claims.data.cnf?.jkt ?? null,
    authTime: claims.data.auth_time === undefined ? null : new Date(claims.data.auth_time * 1000),
  };
}

/** Says why a token failed without echoing anything the caller sent. */
function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the access token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return `the ${error.claim} claim is not acceptable`;
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not verify';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the algorithm is not allowed';
  if (error instanceof errors.JWKSNoMatchingKey) return 'the signing key is unknown';
  if (error instanceof errors.JOSEError) return 'the token is malformed';
  return 'the token is malformed';
}
