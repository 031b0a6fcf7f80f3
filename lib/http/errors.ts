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

/** No credentials, or credentials that do not identify a live login. */
export const unauthenticated = (message = 'Log in to continue.') =>
  new ApiError(401, 'unauthenticated', message, { headers: { 'WWW-Authenticate': 'Bearer' } });

/** A Bearer token (RFC 6750 §3.1): the client should refresh and retry. */
export const invalidToken = (description: string) =>
  new ApiError(401, 'invalid_token', `The token is not valid: ${description}.`, {
    headers: { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"` },
  });

/** A refresh token that cannot be used: the client must log in again. */
export const invalidRefreshToken = (description: string) =>
  new ApiError(401, 'invalid_token', `The refresh token is not valid: ${description}.`);

export const forbidden = (message = 'You are not allowed to do that.', code = 'forbidden') => new ApiError(403, code, message);

export const notFound = (message = 'Not found.') => new ApiError(404, 'not_found', message);

export const conflict = (code: string, message: string) => new ApiError(409, code, message);
