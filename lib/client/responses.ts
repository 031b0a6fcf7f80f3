import 'client-only';
import type { z } from 'zod';
import { errorBody } from '@/lib/contracts/errors';
import { ApiError, NETWORK_MESSAGE, STEP_UP_CODE } from './api-error';

/**
 * Reading what the server answered: a success body checked against its contract
 * (lib/contracts), or the error body turned into an ApiError.
 */

/** The body of a success in the schema's shape (a 204 has none: `noBody`), or the ApiError to show. */
export async function readResult<Schema extends z.ZodType>(response: Response, schema: Schema): Promise<z.output<Schema>> {
  const body = response.status === 204 ? undefined : await readJson(response);
  if (!response.ok) throw errorOf(response.status, body);
  // A success whose body never arrived (the request timed out or the page is leaving mid-read) is
  // no answer at all: handing the caller null would crash the page that reads it.
  if (body === null) throw new ApiError(0, 'network_error', NETWORK_MESSAGE);
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new ApiError(response.status, 'unexpected_response', 'The server answered in a way this page does not understand. Reload the page and try again.');
}

/** The server's error as an ApiError; only for a response that is not ok. */
export async function readError(response: Response): Promise<ApiError> {
  return errorOf(response.status, await readJson(response));
}

// An empty or non-JSON body (a proxy's error page) reads as null, and is reported by status.
const readJson = (response: Response): Promise<unknown> => response.json().catch(() => null);

function errorOf(status: number, body: unknown): ApiError {
  const parsed = errorBody.safeParse(body);
  if (!parsed.success) return new ApiError(status, 'http_error', `The server answered ${status}. Try again in a moment.`);
  const { code, message, fields } = parsed.data.error;
  return new ApiError(status, code, message, fields);
}

/** The error code of a refusal, without consuming the body the caller may still read. */
async function errorCode(response: Response): Promise<string | null> {
  const parsed = errorBody.safeParse(await response.clone().json().catch(() => null));
  return parsed.success ? parsed.data.error.code : null;
}

const challenge = (response: Response) => response.headers.get('www-authenticate') ?? '';

/** A step-up challenge is a 401 from a login that is fine: the caller asks for the password (StepUpDialog). */
export async function isStepUpChallenge(response: Response): Promise<boolean> {
  if (/error="insufficient_user_authentication"/.test(challenge(response))) return true;
  return (await errorCode(response)) === STEP_UP_CODE;
}

export const isInvalidAccessToken = (response: Response): boolean => response.status === 401 && /error="invalid_token"/.test(challenge(response));

/** A DPoP proof the server refused: 401 at a resource, 400 at login or refresh. */
export async function isProofRefusal(response: Response): Promise<boolean> {
  if (response.status === 401) return /error="invalid_dpop_proof"/.test(challenge(response));
  return response.status === 400 && (await errorCode(response)) === 'invalid_dpop_proof';
}

/**
 * A response whose body nobody will read is cancelled: left alone, the browser keeps the request
 * open (devtools shows it pending) until the request's timeout, which also holds off network idle.
 */
export function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}
