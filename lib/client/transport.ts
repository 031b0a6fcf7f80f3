import 'client-only';
import { decodeJwt } from 'jose';
import { ApiError, NETWORK_MESSAGE } from './api-error';
import { updateClientAuth } from './auth-store';
import { browserKey, type BrowserKey } from './dpop';
import { noteServerDate, signProof } from './dpop-proof';
import { discard, isProofRefusal } from './responses';
import { parseServerTiming } from './server-timing';
import { noteSessionExpiry } from './session-expiry';

/**
 * One HTTP request to the API with the credential the caller names: the fetch itself, its
 * timeout, the network error, the Server-Timing note the pages show, and the DPoP proof.
 */

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export type ApiOptions = {
  method?: Method;
  body?: unknown;
  /**
   * What "nobody is logged in" does: 'redirect' (the default) sends the browser to the login page
   * and comes back afterwards; 'throw' leaves it to the caller (the header asking who is there).
   */
  onLoggedOut?: 'redirect' | 'throw';
  /** For endpoints that need no login (signup): sends no credential of either mode. */
  anonymous?: boolean;
};

export type Credential = {
  token?: string;
  cookies?: boolean;
  /** A token request (login, refresh) proved with this browser's DPoP key. */
  proof?: boolean;
};

const REQUEST_TIMEOUT_MS = 20_000;

/**
 * One request, and once more if its DPoP proof was refused while this browser's clock was off:
 * the refusal's Date header corrects the clock the next proof is made with.
 */
export async function send(path: string, options: ApiOptions, auth: Credential): Promise<Response> {
  const key = auth.proof || isBound(auth.token) ? await dpopKey() : null;
  const response = await sendOnce(path, options, auth, key);
  if (!noteServerDate(response) || key === null || !(await isProofRefusal(response))) return response;
  discard(response);
  return sendOnce(path, options, auth, key);
}

/**
 * One request with a credential the caller names, for the lab (lib/client/lab), which measures
 * throwaway logins beside the tab's own: it must neither add the tab's token nor refresh it. Same
 * fetch, timeout and network error as every call; with `cookies` false the browser neither sends
 * nor stores cookies. The caller reads the Response itself.
 */
export const sendWithCredential = (path: string, options: ApiOptions, auth: Credential) => send(path, options, auth);

/** A token bound to a DPoP key (cnf.jkt) is sent only with a proof. */
function isBound(token: string | undefined): boolean {
  if (token === undefined) return false;
  try {
    return decodeJwt(token).cnf !== undefined;
  } catch {
    return false;
  }
}

async function dpopKey(): Promise<BrowserKey> {
  try {
    return await browserKey();
  } catch {
    throw new ApiError(0, 'dpop_unavailable', 'This browser could not open its DPoP key. Log in again.');
  }
}

async function sendOnce(path: string, options: ApiOptions, auth: Credential, key: BrowserKey | null): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (auth.token) headers.authorization = `${key ? 'DPoP' : 'Bearer'} ${auth.token}`;
  if (key) headers.dpop = await signProof(key, method, path, auth.token);
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      // JWT-mode resource requests carry no cookies at all: the Bearer token is the whole credential.
      credentials: auth.cookies ? 'same-origin' : 'omit',
      cache: 'no-store',
      // A request that never answers would hold the refresh lock and stall every tab.
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    throw new ApiError(0, 'network_error', NETWORK_MESSAGE);
  }
  updateClientAuth({
    lastTiming: { method, path, status: response.status, metrics: parseServerTiming(response.headers.get('server-timing')), at: Date.now() },
  });
  if (auth.cookies) noteSessionExpiry(response);
  return response;
}
