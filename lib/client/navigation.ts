import 'client-only';
import type { AuthMode } from '@/lib/validation/auth';
import { loginUrl } from '@/lib/routes';

/**
 * A full page load rather than a client-side route change: used when the login state changes
 * (login expired, logged out, mode switched), so nothing of the old login survives in page memory
 * and the server renders the next page for the new state.
 */
export function leaveTo(url: string): void {
  window.location.assign(url);
}

/** Where a tab goes after the auth mode changed: the login page, for the new mode. */
export const switchedUrl = (mode: AuthMode) => `/login?switched=${mode}`;

/** Why a page sends its visitor to the login page, weakest first. */
const LOGIN_REASONS = ['anonymous', 'expired', 'loggedOut'] as const;
export type LoginReason = (typeof LOGIN_REASONS)[number];

let departure: LoginReason | null = null;

/**
 * The one place that decides where a page goes when nobody is logged in any more. A page often
 * learns it from several calls at once (the account page asks for the profile and the login list
 * together), and each would navigate; the strongest reason heard so far is the one the login page
 * shows, whichever call finished last. A reason weaker than the pending one changes nothing.
 */
export function leaveForLogin(reason: LoginReason): void {
  if (departure !== null && LOGIN_REASONS.indexOf(reason) <= LOGIN_REASONS.indexOf(departure)) return;
  departure = reason;
  const next = window.location.pathname + window.location.search;
  if (reason === 'loggedOut') leaveTo(loginUrl({ loggedOut: true }));
  else leaveTo(loginUrl({ next, expired: reason === 'expired' }));
}
