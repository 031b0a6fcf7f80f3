/**
 * Page rules shared by the browser and the server (proxy.ts, the login and signup pages), so
 * plain code with no client-only or server-only guard.
 *
 * Pages that need a login. Shared by proxy.ts (its optimistic redirect in session mode) and the
 * auth provider (which redirects when the API says nobody is logged in).
 */
export const PAGES_NEEDING_LOGIN = ['/me', '/jobs', '/company'];

export const needsLogin = (pathname: string) =>
  PAGES_NEEDING_LOGIN.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));

/**
 * The `next` parameter of the login page, accepted only as a same-site relative path: an absolute
 * URL, a scheme-relative `//host` or a backslash trick would make the login page an open redirect.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/me'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return fallback;
  // Control characters (tabs, newlines) are stripped by URL parsers and can turn "/\t/evil" into "//evil".
  if (/[\u0000-\u001f\u007f]/.test(next)) return fallback;
  try {
    const base = 'http://same.invalid';
    const url = new URL(next, base);
    if (url.origin !== base) return fallback;
    if (url.pathname === '/login' || url.pathname === '/signup') return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}

export function loginUrl(params: { next?: string; expired?: boolean; loggedOut?: boolean } = {}): string {
  const search = new URLSearchParams();
  if (params.next) search.set('next', params.next);
  if (params.expired) search.set('expired', '1');
  if (params.loggedOut) search.set('loggedOut', '1');
  const query = search.toString();
  return query ? `/login?${query}` : '/login';
}
