import { NextResponse, type NextRequest } from 'next/server';
import { needsLogin as pageNeedsLogin } from '@/lib/routes';
import { AUTH_MODE_COOKIE, SESSION_COOKIE_NAMES, parseAuthMode } from '@/lib/cookies';

// Pages only (see the matcher): a per-request CSP nonce, and an optimistic redirect to the login
// page for pages that need a login. This is a convenience, never the check: every API handler
// authenticates the caller itself.

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const policy = contentSecurityPolicy(nonce);

  if (needsLogin(request) && !SESSION_COOKIE_NAMES.some((name) => request.cookies.has(name))) {
    const login = new URL('/login', request.url);
    login.searchParams.set('next', request.nextUrl.pathname + request.nextUrl.search);
    return NextResponse.redirect(login);
  }

  // Next reads the policy from the request to put the nonce on its own scripts.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

/** In JWT mode the browser holds no credential a page request carries, so only session mode redirects. */
function needsLogin(request: NextRequest): boolean {
  if (!pageNeedsLogin(request.nextUrl.pathname)) return false;
  const mode = parseAuthMode(request.cookies.get(AUTH_MODE_COOKIE)?.value) ?? parseAuthMode(process.env.DEFAULT_AUTH_MODE) ?? 'session';
  return mode === 'session';
}

function contentSecurityPolicy(nonce: string): string {
  const development = process.env.NODE_ENV === 'development';
  return [
    "default-src 'self'",
    // React's development build evaluates strings for its debugging aids; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    // Inline style attributes cannot carry a nonce; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const config = {
  matcher: [
    {
      source: '/((?!api|_next/static|_next/image|favicon.ico|robots.txt|\\.well-known).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
