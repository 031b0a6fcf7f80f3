import { z } from 'zod';
import type { AuthMode } from '@/lib/validation/auth';
import { writeAuthModeCookie } from './auth-mode';
import { getClientAuth, updateClientAuth } from './auth-store';
import { bindingEnabled, browserKey, noteServerDate, signProof, writeBindingPreference, type BrowserKey } from './dpop';
import { decodeJwt } from './jwt-decode';
import { leaveForLogin, leaveTo } from './navigation';
import { parseServerTiming } from './server-timing';
import { noteSessionExpiry } from './session-expiry';
import { listenToOtherTabs, tellOtherTabs, withTabLock } from './tab-sync';

/**
 * The one way pages talk to the API. It knows the auth mode: in session mode the browser's cookie
 * does the work; in JWT mode it adds the in-memory access token, refreshes it when the server says
 * it is no longer valid (once, shared by every request and tab waiting for it), and retries the
 * request once. With DPoP (lib/client/dpop.ts) the logins and refreshes are proved with this
 * browser's key and every request with a bound token carries a proof. Whatever happens, a page
 * gets either the response body or an ApiError to show.
 */

export type User = {
  id: string;
  email: string;
  name: string;
  role: 'seeker' | 'company';
  companyName: string | null;
  createdAt: string;
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string[]> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The wrapper already sent the browser to the login page (or the caller asked to decide itself). */
export class LoggedOutError extends Error {
  constructor(readonly reason: 'anonymous' | 'expired') {
    super(reason === 'expired' ? 'Your login has expired.' : 'You are not logged in.');
    this.name = 'LoggedOutError';
  }
}

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

const NETWORK_MESSAGE = 'Could not reach the server. Check your connection and try again.';
const REFRESH_LOCK = 'auth-modes-refresh';
const REQUEST_TIMEOUT_MS = 20_000;

const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), fields: z.record(z.string(), z.array(z.string())).optional() }),
});

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_expires_in: z.number(),
  user: z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(['seeker', 'company']), companyName: z.string().nullable(), createdAt: z.string() }),
});

export async function api<T>(path: string, options: ApiOptions = {}): Promise<T> {
  if (options.anonymous) return readResult<T>(await send(path, options, {}));
  const response = getClientAuth().mode === 'session' ? await send(path, options, { cookies: true }) : await sendWithAccessToken(path, options);
  // A step-up challenge is a 401 from a login that is fine: the caller asks for the password (StepUpDialog).
  if (response.status === 401 && !(await isStepUpChallenge(response))) {
    discard(response);
    return loggedOut(options, getClientAuth().mode === 'session' ? 'expired' : 'anonymous');
  }
  return readResult<T>(response);
}

/** Sets the mode this page works in; the server read it from the auth-mode cookie when rendering. */
export function configureClientAuth(mode: AuthMode): void {
  if (getClientAuth().mode !== mode) updateClientAuth({ mode, accessToken: null, refreshExpiresAt: null });
}

/** `remember`: "Keep me logged in"; false makes the login end with the browser session (and within 12 h). */
export async function logIn(mode: AuthMode, credentials: { email: string; password: string; remember?: boolean }): Promise<User> {
  const proof = mode === 'jwt' && (await bindingEnabled());
  const response = await send(`/api/auth/${mode}/login`, { method: 'POST', body: credentials }, { cookies: true, proof });
  const body = await readResult<unknown>(response);
  const user = mode === 'jwt' ? acceptTokens(body).user : z.object({ user: tokenResponseSchema.shape.user }).parse(body).user;
  tellOtherTabs({ type: 'login', mode });
  return user;
}

/** The code of a 401 that asks for the password again (RFC 9470) rather than a new login. */
export const STEP_UP_CODE = 'insufficient_user_authentication';

async function isStepUpChallenge(response: Response): Promise<boolean> {
  if (/error="insufficient_user_authentication"/.test(response.headers.get('www-authenticate') ?? '')) return true;
  const body = errorBodySchema.safeParse(await response.clone().json().catch(() => null));
  return body.success && body.data.error.code === STEP_UP_CODE;
}

/**
 * Step-up: checks the password again for the current login. In JWT mode the answer carries an
 * access token with the new auth_time, which replaces the held one here and in the other tabs.
 */
export async function reauthenticate(password: string): Promise<void> {
  const body = await api<unknown>('/api/auth/reauthenticate', { method: 'POST', body: { password } });
  if (getClientAuth().mode !== 'jwt') return;
  const { access_token } = z.object({ access_token: z.string().min(1) }).parse(body);
  const { refreshExpiresAt } = getClientAuth();
  updateClientAuth({ accessToken: access_token });
  if (refreshExpiresAt !== null) tellOtherTabs({ type: 'token', accessToken: access_token, refreshExpiresAt });
}

/**
 * "Stay logged in": one request that slides the session's idle expiry (session mode) or rotates
 * the refresh token (JWT mode), which is what the idle-timeout warning offers.
 */
export async function extendLogin(): Promise<void> {
  if (getClientAuth().mode === 'jwt') {
    const token = await obtainAccessToken(getClientAuth().accessToken);
    if (token === null) loggedOut({}, 'expired');
    return;
  }
  await api('/api/me');
}

/** Ends the login on the server, forgets the token, and tells the other tabs to leave too. */
export async function logOut(): Promise<void> {
  await endLogin();
  tellOtherTabs({ type: 'logout' });
}

/**
 * Logging out of the current mode first means no credential of the old mode is left behind. The
 * other tabs hear of it only after the cookie names the new mode, so the login page they load
 * next is rendered for it.
 */
export async function switchMode(mode: AuthMode): Promise<void> {
  await endLogin();
  writeAuthModeCookie(mode);
  tellOtherTabs({ type: 'mode', mode });
  leaveTo(switchedUrl(mode));
}

async function endLogin(): Promise<void> {
  const { mode } = getClientAuth();
  const response = await send(`/api/auth/${mode}/logout`, { method: 'POST' }, { cookies: true });
  if (!response.ok) await readResult(response);
  forgetLogin();
}

const forgetLogin = () => updateClientAuth({ accessToken: null, refreshExpiresAt: null, sessionEndsAt: null });

/**
 * The idle warning's end: nobody chose to stay. The server has ended the login by now or is about
 * to (the end was its own report); logging out makes sure, and a failure to reach it changes
 * nothing for the page, which leaves for the login page with the expiry message like every tab.
 */
export async function endIdleLogin(): Promise<void> {
  await endLogin().catch(() => forgetLogin());
  tellOtherTabs({ type: 'expired' });
  leaveForLogin('expired');
}

/**
 * Follows what other tabs did; returns the function that stops listening. `onLogin` runs when
 * another tab logged in, for a tab that shows nobody logged in to catch up.
 */
export function startTabSync(onLogin: () => void): () => void {
  return listenToOtherTabs((message) => {
    if (message.type === 'token') {
      if (getClientAuth().mode === 'jwt') updateClientAuth({ accessToken: message.accessToken, refreshExpiresAt: message.refreshExpiresAt });
      return;
    }
    if (message.type === 'session') {
      if (getClientAuth().mode === 'session') updateClientAuth({ sessionEndsAt: message.endsAt });
      return;
    }
    if (message.type === 'login') {
      if (message.mode === getClientAuth().mode) onLogin();
      return;
    }
    forgetLogin();
    if (message.type === 'mode') return leaveTo(switchedUrl(message.mode));
    if (isOnAuthPage()) return;
    leaveForLogin(message.type === 'expired' ? 'expired' : 'loggedOut');
  });
}

const switchedUrl = (mode: AuthMode) => `/login?switched=${mode}`;

/**
 * "Bind my tokens to this browser": takes effect at the next login, so a JWT-mode login ends
 * first. A bound login refreshed without its key would be revoked as stolen anyway.
 */
export async function setTokenBinding(on: boolean): Promise<void> {
  const { mode, accessToken } = getClientAuth();
  if (mode === 'jwt') await endLogin();
  writeBindingPreference(on);
  if (mode === 'jwt' && accessToken !== null) {
    tellOtherTabs({ type: 'logout' });
    leaveForLogin('loggedOut');
  }
}

async function sendWithAccessToken(path: string, options: ApiOptions): Promise<Response> {
  const held = getClientAuth().accessToken;
  const token = held ?? (await obtainAccessToken(null));
  if (token === null) return loggedOut(options, 'anonymous');
  const first = await send(path, options, { token });
  if (!isInvalidAccessToken(first)) return first;
  discard(first);
  const fresh = await obtainAccessToken(token);
  if (fresh === null) return loggedOut(options, 'expired');
  const second = await send(path, options, { token: fresh });
  // A brand-new token refused again means the login itself is gone; never loop. A step-up
  // challenge is not that: the login is fine and the caller asks for the password.
  if (second.status === 401 && !(await isStepUpChallenge(second))) {
    discard(second);
    return loggedOut(options, 'expired');
  }
  return second;
}

function isInvalidAccessToken(response: Response): boolean {
  return response.status === 401 && /error="invalid_token"/.test(response.headers.get('www-authenticate') ?? '');
}

let pendingRefresh: Promise<string | null> | null = null;

/**
 * An access token other than the one that just failed, or null when the refresh token is refused.
 * Concurrent callers share one refresh; across tabs the lock lets one tab refresh while the others
 * wait and then take the token it broadcast.
 */
function obtainAccessToken(failed: string | null): Promise<string | null> {
  const held = getClientAuth().accessToken;
  if (held !== null && held !== failed) return Promise.resolve(held);
  pendingRefresh ??= refreshOnceAcrossTabs(failed).finally(() => {
    pendingRefresh = null;
  });
  return pendingRefresh;
}

// How long a tab that waited for another tab's refresh listens for its broadcast after the lock
// is released; the message is usually there within milliseconds, but its delivery and the lock
// grant are separate tasks with no order between them.
const BROADCAST_GRACE_MS = 1_000;

/**
 * Refreshes, unless another tab is refreshing right now: then waits for the token that tab
 * broadcasts, and refreshes itself only if none arrives (that tab's refresh failed on the network).
 */
async function refreshOnceAcrossTabs(failed: string | null): Promise<string | null> {
  const fresh = () => {
    const latest = getClientAuth().accessToken;
    return latest !== null && latest !== failed ? latest : null;
  };
  const refreshedHere = await withTabLock(REFRESH_LOCK, { ifAvailable: true }, async (acquired) => {
    if (!acquired) return undefined;
    return fresh() ?? refreshNow();
  });
  if (refreshedHere !== undefined) return refreshedHere;

  const outcome = await waitForOtherTab(REFRESH_LOCK, BROADCAST_GRACE_MS);
  if (outcome === 'expired') return null;
  return fresh() ?? withTabLock(REFRESH_LOCK, {}, async () => fresh() ?? refreshNow());
}

/** Resolves when another tab reports its refresh's outcome, or a grace period after it released the lock. */
function waitForOtherTab(lockName: string, graceMs: number): Promise<'token' | 'expired' | 'silent'> {
  return new Promise((resolve) => {
    const stopListening = listenToOtherTabs((message) => {
      if (message.type === 'token' || message.type === 'expired') finish(message.type);
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (outcome: 'token' | 'expired' | 'silent') => {
      stopListening();
      clearTimeout(timer);
      resolve(outcome);
    };
    void withTabLock(lockName, {}, async () => {}).then(() => {
      timer = setTimeout(() => finish('silent'), graceMs);
    });
  });
}

async function refreshNow(): Promise<string | null> {
  const response = await send('/api/auth/jwt/refresh', { method: 'POST' }, { cookies: true, proof: await bindingEnabled() });
  if (response.status === 401) {
    discard(response);
    forgetLogin();
    return null;
  }
  const { access_token } = acceptTokens(await readResult<unknown>(response));
  return access_token;
}

function acceptTokens(body: unknown) {
  const tokens = tokenResponseSchema.parse(body);
  const refreshExpiresAt = Date.now() + tokens.refresh_expires_in * 1000;
  updateClientAuth({ accessToken: tokens.access_token, refreshExpiresAt });
  tellOtherTabs({ type: 'token', accessToken: tokens.access_token, refreshExpiresAt });
  return tokens;
}

function loggedOut(options: ApiOptions, reason: 'anonymous' | 'expired'): never {
  const hadToken = getClientAuth().mode === 'jwt' && reason === 'expired';
  updateClientAuth({ accessToken: null, sessionEndsAt: null });
  if (hadToken) tellOtherTabs({ type: 'expired' });
  if (options.onLoggedOut !== 'throw') leaveForLogin(reason);
  throw new LoggedOutError(reason);
}

/**
 * A response whose body nobody will read is cancelled: left alone, the browser keeps the request
 * open (devtools shows it pending) until the request's timeout, which also holds off network idle.
 */
function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}

type Credential = {
  token?: string;
  cookies?: boolean;
  /** A token request (login, refresh) proved with this browser's DPoP key. */
  proof?: boolean;
};

/**
 * One request with a credential the caller names, for the lab (lib/client/lab), which measures
 * throwaway logins beside the tab's own: it must neither add the tab's token nor refresh it. Same
 * fetch, timeout and network error as every call; with `cookies` false the browser neither sends
 * nor stores cookies. The caller reads the Response itself.
 */
export const sendWithCredential = (path: string, options: ApiOptions, auth: Credential) => send(path, options, auth);

/**
 * One request, and once more if its DPoP proof was refused while this browser's clock was off:
 * the refusal's Date header corrects the clock the next proof is made with.
 */
async function send(path: string, options: ApiOptions, auth: Credential): Promise<Response> {
  const bound = auth.token !== undefined && decodeJwt(auth.token)?.payload.cnf !== undefined;
  const key = auth.proof || bound ? await dpopKey() : null;
  const response = await sendOnce(path, options, auth, key);
  if (!noteServerDate(response) || key === null || !(await isProofRefusal(response))) return response;
  discard(response);
  return sendOnce(path, options, auth, key);
}

async function dpopKey(): Promise<BrowserKey> {
  try {
    return await browserKey();
  } catch {
    throw new ApiError(0, 'dpop_unavailable', 'This browser could not open its DPoP key. Log in again.');
  }
}

async function isProofRefusal(response: Response): Promise<boolean> {
  if (response.status === 401) return /error="invalid_dpop_proof"/.test(response.headers.get('www-authenticate') ?? '');
  if (response.status !== 400) return false;
  const body = errorBodySchema.safeParse(await response.clone().json().catch(() => null));
  return body.success && body.data.error.code === 'invalid_dpop_proof';
}

async function sendOnce(path: string, options: ApiOptions, auth: Credential, key: BrowserKey | null): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const method = options.method ?? 'GET';
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

async function readResult<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  let body: unknown = null;
  let readable = true;
  try {
    body = await response.json();
  } catch {
    // An empty or non-JSON body (a proxy's error page) is reported by status below.
    readable = false;
  }
  // A success whose body never arrived (the request timed out or the page is leaving mid-read) is
  // no answer at all: handing the caller null would crash the page that reads it.
  if (response.ok && !readable) throw new ApiError(0, 'network_error', NETWORK_MESSAGE);
  if (response.ok) return body as T;
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success) {
    const { code, message, fields } = parsed.data.error;
    throw new ApiError(response.status, code, message, fields);
  }
  throw new ApiError(response.status, 'http_error', `The server answered ${response.status}. Try again in a moment.`);
}

/** The message a page shows for a failed call; nothing when the browser is already leaving for the login page. */
export function errorMessage(error: unknown): string | null {
  if (error instanceof LoggedOutError) return null;
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong. Try again.';
}

const isOnAuthPage = () => ['/login', '/signup'].includes(window.location.pathname);
