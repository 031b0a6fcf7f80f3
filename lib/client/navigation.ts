/**
 * A full page load rather than a client-side route change: used when the login state changes
 * (login expired, logged out, mode switched), so nothing of the old login survives in page memory
 * and the server renders the next page for the new state.
 */
export function leaveTo(url: string): void {
  window.location.assign(url);
}
