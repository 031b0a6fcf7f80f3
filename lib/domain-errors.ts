import 'server-only';

/**
 * What lib/auth, lib/services and lib/lab refuse with. They say what went wrong in the domain's
 * terms and with the message a caller may see; lib/http/errors.ts alone decides the status, the
 * challenge headers and the body shape. `code` is the API's error code (docs/api.md), which is
 * part of the contract whatever the transport.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** How the client presented its access token: RFC 6750's Bearer, or RFC 9449's DPoP. */
export type TokenScheme = 'Bearer' | 'DPoP';

/** No credentials, or credentials that do not identify a live login. */
export class Unauthenticated extends DomainError {
  readonly code = 'unauthenticated';
  constructor(message = 'Log in to continue.') {
    super(message);
  }
}

/** An access token that is not valid: the client should refresh and retry. */
export class InvalidAccessToken extends DomainError {
  readonly code = 'invalid_token';
  constructor(
    readonly description: string,
    readonly scheme: TokenScheme = 'Bearer',
  ) {
    super(`The token is not valid: ${description}.`);
  }
}

/** A refresh token that cannot be used: the client must log in again. */
export class InvalidRefreshToken extends DomainError {
  readonly code = 'invalid_token';
  constructor(readonly description: string) {
    super(`The refresh token is not valid: ${description}.`);
  }
}

/**
 * A DPoP proof that does not prove the request. `at` matters to the caller: at a token endpoint
 * nothing was changed and the request was malformed; at a resource refreshing would not help.
 */
export class InvalidDpopProof extends DomainError {
  readonly code = 'invalid_dpop_proof';
  constructor(
    readonly description: string,
    readonly at: 'resource' | 'token_request',
  ) {
    super(`The DPoP proof is not valid: ${description}.`);
  }
}

/**
 * Step-up: the login is valid but its last password check is older than `maxAge` seconds.
 * `scheme`: the token scheme of a JWT-mode caller, null for a session.
 */
export class StepUpRequired extends DomainError {
  readonly code = 'insufficient_user_authentication';
  static readonly description = 'a more recent authentication is required';
  constructor(
    readonly maxAge: number,
    readonly scheme: TokenScheme | null,
  ) {
    super(`Confirm your password to continue: ${StepUpRequired.description} (within ${maxAge} seconds).`);
  }
}

/** Same answer (and, through the dummy hash, time) whether the email or the password was wrong. */
export class InvalidCredentials extends DomainError {
  readonly code = 'invalid_credentials';
  constructor() {
    super('The email or password is incorrect.');
  }
}

/** The caller is known but may not do this. */
export class Forbidden extends DomainError {
  constructor(
    message = 'You are not allowed to do that.',
    readonly code = 'forbidden',
  ) {
    super(message);
  }
}

export class NotFound extends DomainError {
  readonly code = 'not_found';
  constructor(message = 'Not found.') {
    super(message);
  }
}

/** The request contradicts what is stored (an email taken, an application already made). */
export class Conflict extends DomainError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A limit on attempts was reached; `retryAfterSeconds` says when the next one may succeed. */
export class TooManyAttempts extends DomainError {
  readonly code = 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** Input that is well-formed but not acceptable, per field (the shape of a 422's `fields`). */
export class InvalidInput extends DomainError {
  readonly code = 'validation_failed';
  constructor(readonly fields: Record<string, string[]>) {
    super('Some fields are not valid.');
  }
}
