import { expect, test, type APIResponse } from '@playwright/test';
import { basic, bearer, DEMO_PASSWORD, demoAccounts, expectError, jwtLogin, signUp } from '../../support/api';
import { loopbackAddress, rawRequest } from '../../support/attack-http';
import { baseUrlOf } from '../../support/servers';

// What the browser is told to protect: cookie attributes, caching of authenticated answers, and
// the security headers on pages and API responses. Every test server is a production build.

type Cookie = { name: string; value: string; attributes: Map<string, string> };

function setCookies(response: APIResponse): Cookie[] {
  return response
    .headersArray()
    .filter((header) => header.name.toLowerCase() === 'set-cookie')
    .map((header) => {
      const [pair = '', ...rest] = header.value.split(';').map((part) => part.trim());
      const attributes = new Map(
        rest.map((part) => {
          const eq = part.indexOf('=');
          return eq === -1 ? [part.toLowerCase(), ''] : [part.slice(0, eq).toLowerCase(), part.slice(eq + 1)];
        }),
      );
      return { name: pair.slice(0, pair.indexOf('=')), value: pair.slice(pair.indexOf('=') + 1), attributes };
    });
}

function only(response: APIResponse, pattern: RegExp): Cookie {
  const matching = setCookies(response).filter((cookie) => pattern.test(cookie.name));
  expect(matching, `Set-Cookie ${pattern}`).toHaveLength(1);
  return matching[0]!;
}

const DAY = 24 * 60 * 60;

// An address of this file's own (the standard profile trusts one proxy) for its failed login.
test.use({ extraHTTPHeaders: { 'x-forwarded-for': `10.${loopbackAddress().slice(4)}` } });

/** Max-Age within a few seconds of the configured lifetime, and Expires saying the same. */
function expectLifetime(cookie: Cookie, seconds: number) {
  const maxAge = Number(cookie.attributes.get('max-age'));
  expect(maxAge).toBeGreaterThan(seconds - 10);
  expect(maxAge).toBeLessThanOrEqual(seconds);
  const expires = Date.parse(cookie.attributes.get('expires') ?? '');
  expect(Math.abs(expires - (Date.now() + maxAge * 1000))).toBeLessThan(60_000);
}

function expectSecureDefaults(session: Cookie, refreshCookie: Cookie) {
  // __Host-: Secure, Path=/ and no Domain, so no subdomain or plain-http page can set or read it.
  expect(session.name).toBe('__Host-session');
  expect(session.attributes.has('httponly')).toBe(true);
  expect(session.attributes.has('secure')).toBe(true);
  expect(session.attributes.get('samesite')?.toLowerCase()).toBe('lax');
  expect(session.attributes.get('path')).toBe('/');
  expect(session.attributes.has('domain')).toBe(false);
  expectLifetime(session, 30 * DAY);

  expect(refreshCookie.name).toBe('__Secure-refresh_token');
  expect(refreshCookie.attributes.has('httponly')).toBe(true);
  expect(refreshCookie.attributes.has('secure')).toBe(true);
  expect(refreshCookie.attributes.get('samesite')?.toLowerCase()).toBe('strict');
  expect(refreshCookie.attributes.get('path')).toBe('/api/auth/jwt');
  expect(refreshCookie.attributes.has('domain')).toBe(false);
  expectLifetime(refreshCookie, 14 * DAY);
}

test.describe('cookies', () => {
  test('production defaults: __Host-session and __Secure-refresh_token, HttpOnly, SameSite, Path, Max-Age; logout clears them', async ({ request }) => {
    const user = await signUp(request, 'seeker');
    const session = await request.post('/api/auth/session/login', { headers: basic(user.email, user.password) });
    const jwt = await request.post('/api/auth/jwt/login', { headers: basic(user.email, user.password) });
    const sessionCookie = only(session, /session/);
    const refreshCookie = only(jwt, /refresh_token/);
    expectSecureDefaults(sessionCookie, refreshCookie);
    expect(setCookies(session)).toHaveLength(1);

    // Node does not send Secure cookies over http by itself: pass them by hand.
    const me = await request.get('/api/me', { headers: { cookie: `${sessionCookie.name}=${sessionCookie.value}` } });
    expect(me.status()).toBe(200);
    const refreshed = await request.post('/api/auth/jwt/refresh', { headers: { cookie: `${refreshCookie.name}=${refreshCookie.value}` } });
    expect(refreshed.status()).toBe(200);
    const rotated = only(refreshed, /refresh_token/);
    expect(rotated.value).not.toBe(refreshCookie.value);
    expectSecureDefaults(sessionCookie, rotated);

    for (const [path, cookie] of [
      ['/api/auth/session/logout', sessionCookie],
      ['/api/auth/jwt/logout', rotated],
    ] as const) {
      const logout = await request.post(path, { headers: { cookie: `${cookie.name}=${cookie.value}` } });
      expect(logout.status()).toBe(204);
      const cleared = only(logout, new RegExp(cookie.name));
      expect(cleared.value).toBe('');
      expect(cleared.attributes.get('max-age')).toBe('0');
      expect(cleared.attributes.get('path')).toBe(cookie.attributes.get('path'));
      expect(cleared.attributes.has('secure')).toBe(true);
    }
  });

  test('the production-like profile (COOKIE_SECURE, APP_ORIGIN behind a proxy) sets the same cookies and accepts only APP_ORIGIN', async () => {
    const base = baseUrlOf('secure');
    const json = { 'content-type': 'application/json' };
    const credentials = JSON.stringify({ email: demoAccounts.alice, password: DEMO_PASSWORD });
    const session = await rawRequest(base, { method: 'POST', path: '/api/auth/session/login', headers: json, body: credentials });
    expect(session.status()).toBe(200);
    const cookie = (session.headers()['set-cookie'] ?? '').split(';')[0]!;
    expect(cookie).toMatch(/^__Host-session=/);
    expect(session.headers()['set-cookie']).toMatch(/; Secure/i);

    const patch = (origin: string) =>
      rawRequest(base, { method: 'PATCH', path: '/api/me', headers: { ...json, cookie, origin }, body: '{"name":"Alice Applicant"}' });
    expect((await patch('https://jobs.example.test')).status()).toBe(200);
    // The Host the request arrived with is not an accepted origin once APP_ORIGIN names the real one.
    await expectError(await patch(base), 403, 'csrf');
    await expectError(await patch('http://jobs.example.test'), 403, 'csrf');
    await expectError(await patch('https://jobs.example.test.evil.example'), 403, 'csrf');
    expect((await rawRequest(base, { path: '/api/health' })).headers()['strict-transport-security']).toMatch(/max-age=\d{8,}/);
  });
});

test.describe('caching and headers', () => {
  test('authenticated answers and errors are Cache-Control: private, no-store', async ({ request }) => {
    const company = await signUp(request, 'company');
    const login = await request.post('/api/auth/session/login', { headers: basic(company.email, company.password) });
    const tokens = await jwtLogin(request, company);
    const responses = [
      login,
      await request.post('/api/auth/jwt/login', { headers: basic(company.email, company.password) }),
      await request.get('/api/me', { headers: bearer(tokens.access_token) }),
      await request.get('/api/me/sessions', { headers: bearer(tokens.access_token) }),
      await request.get('/api/jobs', { headers: bearer(tokens.access_token) }),
      await request.get('/api/company/applicant-counts', { headers: bearer(tokens.access_token) }),
      await request.post('/api/auth/jwt/refresh', { headers: bearer(tokens.refresh_token) }),
      await request.get('/api/me', { headers: bearer('bad.token.here') }),
      await request.post('/api/auth/session/login', { headers: basic(company.email, 'wrong') }),
    ];
    for (const response of responses) {
      expect(response.headers()['cache-control'], response.url()).toBe('private, no-store');
    }
  });

  test('pages: a fresh nonce CSP per response, on every script; no framing, no plugins, no base tag', async ({ request }) => {
    const nonces = new Set<string>();
    for (const path of ['/', '/', '/no-such-page']) {
      const page = await request.get(path);
      const csp = page.headers()['content-security-policy'] ?? '';
      const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name = '', ...values]) => [name, values]));
      const scriptSrc = directives.get('script-src') ?? [];
      const nonce = scriptSrc.find((value) => value.startsWith("'nonce-"))?.slice("'nonce-".length, -1) ?? '';
      expect(Buffer.from(nonce, 'base64').length, csp).toBeGreaterThanOrEqual(16);
      expect(scriptSrc).toContain("'strict-dynamic'");
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(scriptSrc).not.toContain("'unsafe-eval'");
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(directives.get('base-uri')).toEqual(["'none'"]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(directives.get('default-src')).toEqual(["'self'"]);
      nonces.add(nonce);

      const html = await page.text();
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(3);
  });

  test('compression: pages and their scripts are gzipped for a client that accepts it; API answers never are, token responses included', async ({ request }) => {
    const base = baseUrlOf('standard');
    const gzip = { 'accept-encoding': 'gzip' };
    const page = await rawRequest(base, { path: '/login', headers: gzip });
    expect(page.status()).toBe(200);
    expect(page.headers()['content-encoding']).toBe('gzip');
    const script = /<script\b[^>]*\bsrc="(\/_next\/static\/[^"]+\.js)"/.exec(await (await request.get('/login')).text())?.[1];
    expect(script, 'a script of the login page').toBeTruthy();
    const asset = await rawRequest(base, { path: script!, headers: gzip });
    expect(asset.status()).toBe(200);
    expect(asset.headers()['content-encoding']).toBe('gzip');

    const user = await signUp(request, 'seeker');
    const tokens = await rawRequest(base, { method: 'POST', path: '/api/auth/jwt/login', headers: { ...gzip, ...basic(user.email, user.password) } });
    expect(tokens.status()).toBe(200);
    const body = await tokens.text();
    // Past compression's 1 KB threshold, so only the API rule keeps it uncompressed.
    expect(Buffer.byteLength(body)).toBeGreaterThan(1024);
    expect(tokens.headers()['content-encoding']).toBeUndefined();
    const { refresh_token: refreshToken } = JSON.parse(body) as { refresh_token: string };
    const refreshed = await rawRequest(base, { method: 'POST', path: '/api/auth/jwt/refresh', headers: { ...gzip, ...bearer(refreshToken) } });
    expect(refreshed.status()).toBe(200);
    expect(refreshed.headers()['content-encoding']).toBeUndefined();
    expect(JSON.parse(await refreshed.text())).toHaveProperty('access_token');
  });

  test('every response: nosniff, Referrer-Policy, no framing, HSTS (production build), no X-Powered-By; API responses have a deny-all CSP', async ({ request }) => {
    const api = ['/api/health', '/api/me', '/api/nope', '/.well-known/jwks.json'];
    for (const path of [...api, '/', '/no-such-page']) {
      const response = await request.get(path);
      const headers = response.headers();
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['referrer-policy'], path).toMatch(/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/);
      expect(headers['x-frame-options'], path).toBe('DENY');
      expect(headers['strict-transport-security'], path).toMatch(/^max-age=(\d+)/);
      expect(Number(/max-age=(\d+)/.exec(headers['strict-transport-security'] ?? '')?.[1])).toBeGreaterThanOrEqual(365 * DAY);
      expect(headers['x-powered-by'], path).toBeUndefined();
      expect(headers['server'], path).toBeUndefined();
      if (path.startsWith('/api/')) expect(headers['content-security-policy'], path).toBe("default-src 'none'; frame-ancestors 'none'");
    }
    const { keys } = (await (await request.get('/.well-known/jwks.json')).json()) as { keys: Record<string, string>[] };
    for (const key of keys) expect(key.d, 'no private part in the JWKS').toBeUndefined();
  });
});
