import { expect, test } from '@playwright/test';
import { basic, bearer, clockAhead, expectError, signUp, type TokenResponse } from '../../support/api';
import { rawRequest } from '../../support/attack-http';
import { baseUrlOf } from '../../support/servers';

// The per-process caches (unsealed cookies, verified access tokens) must not delay what they
// must not delay: a revoked session is refused on its next request, cached or not. An access
// token is the documented exception: it lives until it expires (600 s, reached on the test clock).

test('a revoked or logged-out session is refused on its next request, although its cookie is cached', async ({ request }) => {
  const base = baseUrlOf('standard');
  const me = (headers: Record<string, string>) => rawRequest(base, { path: '/api/me', headers });
  const user = await signUp(request, 'seeker');
  const loginAs = async () => {
    const response = await rawRequest(base, { method: 'POST', path: '/api/auth/session/login', headers: basic(user.email, user.password) });
    const body = (await response.json()) as { session: { id: string } };
    return { cookie: (response.headers()['set-cookie'] ?? '').split(';')[0]!, id: body.session.id };
  };
  const victim = await loginAs();
  const owner = await loginAs();
  const loggingOut = await loginAs();
  for (const { cookie } of [victim, loggingOut]) {
    expect((await me({ cookie })).status()).toBe(200);
    const cached = await me({ cookie });
    expect(cached.status()).toBe(200);
    expect(cached.headers()['server-timing']).toContain('authcache;desc="hit"');
  }

  expect((await rawRequest(base, { method: 'DELETE', path: `/api/me/sessions/${victim.id}`, headers: { cookie: owner.cookie } })).status()).toBe(204);
  await expectError(await me({ cookie: victim.cookie }), 401, 'unauthenticated');

  expect((await rawRequest(base, { method: 'POST', path: '/api/auth/session/logout', headers: { cookie: loggingOut.cookie } })).status()).toBe(204);
  await expectError(await me({ cookie: loggingOut.cookie }), 401, 'unauthenticated');
  expect((await me({ cookie: owner.cookie })).status()).toBe(200);
});

test.describe('a revoked JWT login', () => {
  const base = baseUrlOf('standard');
  const me = (headers: Record<string, string>) => rawRequest(base, { path: '/api/me', headers });

  test('a revoked JWT login: refresh stops at once; the access token works until it expires, then 401', async ({ request }) => {
    const user = await signUp(request, 'seeker');
    const tokens = (await (await rawRequest(base, { method: 'POST', path: '/api/auth/jwt/login', headers: basic(user.email, user.password) })).json()) as TokenResponse;
    const loginId = (JSON.parse(Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString()) as { sid: string }).sid;
    const session = await rawRequest(base, { method: 'POST', path: '/api/auth/session/login', headers: basic(user.email, user.password) });
    const cookie = (session.headers()['set-cookie'] ?? '').split(';')[0]!;

    expect((await rawRequest(base, { method: 'DELETE', path: `/api/me/sessions/${loginId}`, headers: { cookie } })).status()).toBe(204);
    await expectError(await rawRequest(base, { method: 'POST', path: '/api/auth/jwt/refresh', headers: bearer(tokens.refresh_token) }), 401, 'invalid_token');

    // Documented limit of JWT mode: no database check per request, so the token outlives its login,
    // to the last minute of its life, and no longer.
    expect((await me(bearer(tokens.access_token))).status()).toBe(200);
    expect((await me({ ...bearer(tokens.access_token), ...clockAhead(tokens.expires_in - 60) })).status()).toBe(200);
    const expired = await me({ ...bearer(tokens.access_token), ...clockAhead(tokens.expires_in + 1) });
    await expectError(expired, 401, 'invalid_token');
    expect(expired.headers()['www-authenticate']).toContain('error="invalid_token"');
  });
});
