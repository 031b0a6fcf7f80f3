import {
  Conflict,
  DomainError,
  Forbidden,
  InvalidAccessToken,
  InvalidCredentials,
  InvalidDpopProof,
  InvalidInput,
  InvalidRefreshToken,
  NotFound,
  StepUpRequired,
  TooManyAttempts,
  Unauthenticated,
  type TokenScheme,
} from '@/lib/domain-errors';
import { DPOP_ALGS } from '@/lib/auth/dpop';

/**
 * An error as the API answers it. lib/http/route.ts turns it into the JSON shape every endpoint
 * answers with: {"error": {"code", "message", "fields"?}}. Named apart from the client's ApiError
 * (lib/client), which is what a browser makes of the same answer.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly options: { fields?: Record<string, string[]>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, code = 'bad_request') => new HttpError(400, code, message);

export const forbidden = (message: string, code = 'forbidden') => new HttpError(403, code, message);

export const notFound = (message = 'Not found.') => new HttpError(404, 'not_found', message);

/** The algorithms a DPoP challenge offers (RFC 9449 §7.1): exactly those lib/auth/dpop.ts accepts. */
const DPOP_CHALLENGE_ALGS = DPOP_ALGS.join(' ');

const challenge = (scheme: TokenScheme, error: string, description: string) =>
  `${scheme} error="${error}", error_description="${description}"${scheme === 'DPoP' ? `, algs="${DPOP_CHALLENGE_ALGS}"` : ''}`;

const www = (value: string) => ({ headers: { 'WWW-Authenticate': value } });

/** Both token schemes are offered to a caller without credentials (RFC 9449 §7.1). */
const unauthenticatedChallenge = `Bearer, DPoP algs="${DPOP_CHALLENGE_ALGS}"`;

/**
 * The status, challenge and body of a domain error: RFC 6750 §3.1 and RFC 9449 §7.1 for tokens
 * and proofs at a resource, RFC 9449 §5 (400) for a proof at a token endpoint, RFC 9470 §3 for
 * step-up (the challenge only in JWT mode; both modes get the JSON code).
 */
function fromDomain(error: DomainError): HttpError {
  const { code, message } = error;
  if (error instanceof Unauthenticated) return new HttpError(401, code, message, www(unauthenticatedChallenge));
  if (error instanceof InvalidAccessToken) return new HttpError(401, code, message, www(challenge(error.scheme, code, error.description)));
  if (error instanceof InvalidRefreshToken || error instanceof InvalidCredentials) return new HttpError(401, code, message);
  if (error instanceof InvalidDpopProof) {
    if (error.at === 'token_request') return new HttpError(400, code, message);
    return new HttpError(401, code, message, www(challenge('DPoP', code, error.description)));
  }
  if (error instanceof StepUpRequired) {
    const scheme = error.scheme;
    return new HttpError(401, code, message, scheme ? www(`${challenge(scheme, code, StepUpRequired.description)}, max_age=${error.maxAge}`) : {});
  }
  if (error instanceof Forbidden) return new HttpError(403, code, message);
  if (error instanceof NotFound) return new HttpError(404, code, message);
  if (error instanceof Conflict) return new HttpError(409, code, message);
  if (error instanceof InvalidInput) return new HttpError(422, code, message, { fields: error.fields });
  if (error instanceof TooManyAttempts) return new HttpError(429, code, message, { headers: { 'Retry-After': String(error.retryAfterSeconds) } });
  return new HttpError(500, 'internal_error', 'Something went wrong on our side.');
}

/** The API's answer to an error, or null for one that is not meant for the caller (a bug, an outage). */
export function httpErrorOf(error: unknown): HttpError | null {
  if (error instanceof HttpError) return error;
  if (error instanceof DomainError) return fromDomain(error);
  return null;
}
