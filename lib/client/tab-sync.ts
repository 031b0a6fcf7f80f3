import 'client-only';
import type { AuthMode } from '@/lib/validation/auth';

/**
 * Tabs of one browser share the refresh cookie but not page memory. They tell each other about new
 * access tokens (so one refresh serves all of them), about a session's new idle end (so no tab
 * warns of an end another tab's activity put off), about logins (so a tab showing nobody logged
 * in catches up), and about logouts, expiries and mode switches (so no tab keeps acting for a
 * login that has ended).
 */
export type TabMessage =
  | { type: 'token'; accessToken: string; refreshExpiresAt: number }
  | { type: 'session'; endsAt: number }
  | { type: 'login'; mode: AuthMode }
  | { type: 'logout' }
  | { type: 'expired' }
  | { type: 'mode'; mode: AuthMode };

const CHANNEL = 'auth-modes';
let channel: BroadcastChannel | null = null;

function openChannel(): BroadcastChannel | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  channel ??= new BroadcastChannel(CHANNEL);
  return channel;
}

export function tellOtherTabs(message: TabMessage): void {
  openChannel()?.postMessage(message);
}

export function listenToOtherTabs(handler: (message: TabMessage) => void): () => void {
  const current = openChannel();
  if (!current) return () => {};
  const listener = (event: MessageEvent<TabMessage>) => handler(event.data);
  current.addEventListener('message', listener);
  return () => current.removeEventListener('message', listener);
}

/**
 * Runs fn while holding a lock shared by every tab of this origin (Web Locks API), so only one tab
 * refreshes at a time. With `ifAvailable`, fn runs at once and is told whether it got the lock.
 * Without the API (old browsers) every call gets it: tabs may then refresh twice, which the
 * server's grace window absorbs.
 */
export async function withTabLock<T>(name: string, options: { ifAvailable?: boolean }, fn: (acquired: boolean) => Promise<T>): Promise<T> {
  if (typeof navigator === 'undefined' || !navigator.locks) return fn(true);
  return await navigator.locks.request(name, { ifAvailable: options.ifAvailable ?? false }, (lock) => fn(lock !== null));
}
