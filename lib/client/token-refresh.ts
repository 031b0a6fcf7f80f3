import 'client-only';
import { tokenResponse } from '@/lib/contracts/tokens';
import { getClientAuth } from './auth-store';
import { bindingEnabled } from './dpop';
import { acceptTokens, forgetLogin, loggedOut } from './login-state';
import { discard, isInvalidAccessToken, isStepUpChallenge, readResult } from './responses';
import { listenToOtherTabs, withTabLock } from './tab-sync';
import { send, type ApiOptions } from './transport';

/**
 * JWT mode: the in-memory access token, refreshed when the server says it is no longer valid
 * (once, shared by every request and tab waiting for it), and the request retried once.
 */

const REFRESH_LOCK = 'auth-modes-refresh';

export async function sendWithAccessToken(path: string, options: ApiOptions): Promise<Response> {
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

let pendingRefresh: Promise<string | null> | null = null;

/**
 * An access token other than the one that just failed, or null when the refresh token is refused.
 * Concurrent callers share one refresh; across tabs the lock lets one tab refresh while the others
 * wait and then take the token it broadcast.
 */
export function obtainAccessToken(failed: string | null): Promise<string | null> {
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
  const tokens = await readResult(response, tokenResponse);
  acceptTokens(tokens);
  return tokens.access_token;
}
