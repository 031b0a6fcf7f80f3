/**
 * The one error type route handlers throw. lib/http/route.ts turns it into the JSON shape every
 * endpoint answers with: {"error": {"code", "message", "fields"?}}.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly options: { fields?: Record<string, string[]>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string, code = 'bad_request') => new ApiError(400, code, message);

/** How the client presented its access token: RFC 6750's Bearer, or RFC 9449's DPoP. */
export type TokenScheme = 'Bearer' | 'DPoP';

/** The algorithms a DPoP challenge offers (RFC 9449 §7.1); lib/auth/dpop.ts accepts exactly these. */
export const DPOP_CHALLENGE_ALGS = 'ES256';

/** No credentials, or credentials that do not identify a live login. Both token schemes are offered (RFC 9449 §7.1). */
export const unauthenticated = (message = 'Log in to continue.') =>
  new ApiError(401, 'unauthenticated', message, { headers: { 'WWW-Authenticate': `Bearer, DPoP algs="${DPOP_CHALLENGE_ALGS}"` } });

const challenge = (scheme: TokenScheme, error: string, description: string) =>
  `${scheme} error="${error}", error_description="${description}"${scheme === 'DPoP' ? `, algs="${DPOP_CHALLENGE_ALGS}"` : ''}`;

/** An access token that is not valid (RFC 6750 §3.1, RFC 9449 §7.1): the client should refresh and retry. */
export const invalidToken = (description: string, scheme: TokenScheme = 'Bearer') =>
  new ApiError(401, 'invalid_token', `The token is not valid: ${description}.`, {
    headers: { 'WWW-Authenticate': challenge(scheme, 'invalid_token', description) },
  });

/** A DPoP proof at a resource that does not prove the request (RFC 9449 §7.1): refreshing would not help. */
export const invalidDpopProof = (description: string) =>
  new ApiError(401, 'invalid_dpop_proof', `The DPoP proof is not valid: ${description}.`, {
    headers: { 'WWW-Authenticate': challenge('DPoP', 'invalid_dpop_proof', description) },
  });

/** A DPoP proof at a token endpoint (RFC 9449 §5: 400 invalid_dpop_proof); nothing was changed. */
export const invalidTokenRequestProof = (description: string) =>
  new ApiError(400, 'invalid_dpop_proof', `The DPoP proof is not valid: ${description}.`);

/** A refresh token that cannot be used: the client must log in again. */
export const invalidRefreshToken = (description: string) =>
  new ApiError(401, 'invalid_token', `The refresh token is not valid: ${description}.`);

/**
 * Step-up (RFC 9470 §3): the login is valid but its last password check is older than `maxAge`
 * seconds. JWT mode gets the RFC's challenge in the token's scheme; both modes get the JSON code.
 */
export const insufficientUserAuthentication = (maxAge: number, scheme: TokenScheme | null) => {
  const description = 'a more recent authentication is required';
  const headers: Record<string, string> = scheme
    ? { 'WWW-Authenticate': `${challenge(scheme, 'insufficient_user_authentication', description)}, max_age=${maxAge}` }
    : {};
  return new ApiError(401, 'insufficient_user_authentication', `Confirm your password to continue: ${description} (within ${maxAge} seconds).`, { headers });
};

export const forbidden = (message = 'You are not allowed to do that.', code = 'forbidden') => new ApiError(403, code, message);

export const notFound = (message = 'Not found.') => new ApiError(404, 'not_found', message);

export const conflict = (code: string, message: string) => new ApiError(409, code, message);
