import {
  basic,
  bearer,
  decodeJwt,
  expect,
  expectApiHeaders,
  expectError,
  expectInvalidAccessToken,
  jwtLogin,
  refresh,
  refreshCookieOf,
  setCookieLine,
  signUp,
  sleep,
  test,
  clockAhead,
  uniqueEmail,
} from '../support/api';
import { baseUrlOf } from '../support/servers';

test.describe('JWT login', () => {
  test('JSON credentials: an OAuth token response, the refresh token also in a Strict cookie scoped to /api/auth/jwt', async ({ request }) => {
    const user = await signUp(request, 'company');
    const response = await request.post('/api/auth/jwt/login', { data: { email: user.email, password: user.password } });
    expect(response.status(), await response.text()).toBe(200);
    expectApiHeaders(response);
    const body = await response.json();

    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 600, user: { id: user.id, email: user.email, role: 'company' } });
    expect(body.refresh_expires_in).toBeGreaterThan(600);
    const { header, claims } = decodeJwt(body.access_token);
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt' });
    expect(typeof header.kid).toBe('string');
    expect(claims).toMatchObject({ sub: user.id, role: 'company', iss: 'auth-modes', aud: 'auth-modes-api' });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(600);
    expect(decodeJwt(body.refresh_token).header).toMatchObject({ alg: 'HS256', typ: 'refresh+jwt' });

    const line = setCookieLine(response, 'refresh_token');
    expect(line.startsWith(`__Secure-refresh_token=${body.refresh_token};`)).toBe(true);
    expect(line).toMatch(/; Path=\/api\/auth\/jwt(;|$)/);
    expect(line).toMatch(/; HttpOnly/i);
    expect(line).toMatch(/; Secure/i);
    expect(line).toMatch(/; SameSite=strict/i);

    const me = await request.get('/api/me', { headers: bearer(body.access_token) });
    expect(me.status()).toBe(200);
    expectApiHeaders(me, 'jwt');
    expect((await me.json()).auth).toMatchObject({ mode: 'jwt', loginId: claims.sid });
  });

  test('Basic credentials log in just like JSON; each login is its own refresh family', async ({ request }) => {
    const user = await signUp(request);
    const viaBasic = await request.post('/api/auth/jwt/login', { headers: basic(user.email, user.password) });
    expect(viaBasic.status(), await viaBasic.text()).toBe(200);
    const viaJson = await jwtLogin(request, user);
    const basicBody = await viaBasic.json();

    expect(basicBody.user.id).toBe(user.id);
    expect(decodeJwt(basicBody.access_token).claims.sid).not.toBe(decodeJwt(viaJson.access_token).claims.sid);
    expect((await request.get('/api/me', { headers: bearer(basicBody.access_token) })).status()).toBe(200);
  });

  test('a wrong password and an unknown email get the same status and body, and no tokens', async ({ request }) => {
    const user = await signUp(request);
    const responses = [
      await request.post('/api/auth/jwt/login', { data: { email: user.email, password: 'not-the-password' } }),
      await request.post('/api/auth/jwt/login', { data: { email: uniqueEmail('nobody'), password: user.password } }),
      await request.post('/api/auth/jwt/login', { headers: basic(user.email, 'not-the-password') }),
      await request.post('/api/auth/jwt/login', { headers: basic(uniqueEmail('nobody'), user.password) }),
    ];
    const bodies = [];
    for (const response of responses) {
      await expectError(response, 401, 'invalid_credentials');
      expect(response.headersArray().some((h) => h.name.toLowerCase() === 'set-cookie')).toBe(false);
      bodies.push(await response.json());
    }
    for (const body of bodies) expect(body).toEqual(bodies[0]);
  });

  test('logout with the Bearer refresh token revokes the login and clears the cookie', async ({ request }) => {
    const user = await signUp(request);
    const tokens = await jwtLogin(request, user);

    const logout = await request.post('/api/auth/jwt/logout', { headers: bearer(tokens.refresh_token) });
    expect(logout.status()).toBe(204);
    expect(setCookieLine(logout, 'refresh_token')).toMatch(/^__Secure-refresh_token=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
    await expectError(await refresh(request, tokens.refresh_token), 401, 'invalid_token');
  });

  test('logout with the refresh cookie revokes the login too', async ({ request, anonymous }) => {
    const user = await signUp(request);
    const login = await request.post('/api/auth/jwt/login', { data: { email: user.email, password: user.password } });
    const tokens = await login.json();

    const logout = await anonymous.post('/api/auth/jwt/logout', { headers: { cookie: refreshCookieOf(login) } });
    expect(logout.status()).toBe(204);
    await expectError(await refresh(request, tokens.refresh_token), 401, 'invalid_token');
  });

  test('logout with nothing, or a forged token, still answers 204 and revokes nothing', async ({ request, anonymous }) => {
    const user = await signUp(request);
    const tokens = await jwtLogin(request, user);
    expect((await anonymous.post('/api/auth/jwt/logout')).status()).toBe(204);
    expect((await anonymous.post('/api/auth/jwt/logout', { headers: bearer(`${tokens.refresh_token}x`) })).status()).toBe(204);
    expect((await anonymous.post('/api/auth/jwt/logout', { headers: bearer(tokens.access_token) })).status()).toBe(204);
    expect((await refresh(request, tokens.refresh_token)).status()).toBe(200);
  });

  test('an Authorization header decides alone: a bad one is refused even next to a good session cookie', async ({ request }) => {
    const user = await signUp(request);
    const login = await request.post('/api/auth/session/login', { data: { email: user.email, password: user.password } });
    const cookie = setCookieLine(login, 'session').split(';')[0]!;

    await expectError(await request.get('/api/me', { headers: { cookie, authorization: basic(user.email, user.password).authorization } }), 401, 'unauthenticated');
    await expectInvalidAccessToken(await request.get('/api/me', { headers: { cookie, authorization: 'Bearer not-a-jwt' } }));
    await expectInvalidAccessToken(await request.get('/api/me', { headers: { cookie, authorization: `Bearer ${'a'.repeat(5000)}.b.c` } }));
    expect((await request.get('/api/me', { headers: { cookie } })).status()).toBe(200);
  });
});

// Default lifetimes: access tokens 600 s, refresh tokens 14 days. The requests below ask for a
// later time (X-Test-Clock-Offset) instead of waiting for it.
const ACCESS_TTL = 600;
const REFRESH_TTL = 14 * 24 * 3600;

test.describe('access-token and refresh-token expiry, on the test clock', () => {
  test('an expired access token is 401 invalid_token with the Bearer challenge; a refresh gets a working one', async ({ request }) => {
    const user = await signUp(request);
    const tokens = await jwtLogin(request, user);
    expect(tokens.expires_in).toBe(ACCESS_TTL);
    // Verified (and cached by the server) while it is valid, also a moment before exp: expiry must still win later.
    expect((await request.get('/api/me', { headers: bearer(tokens.access_token) })).status()).toBe(200);
    expect((await request.get('/api/me', { headers: { ...bearer(tokens.access_token), ...clockAhead(ACCESS_TTL - 30) } })).status()).toBe(200);

    const later = clockAhead(ACCESS_TTL + 1);
    const description = await expectInvalidAccessToken(await request.get('/api/me', { headers: { ...bearer(tokens.access_token), ...later } }));
    expect(description).toMatch(/expired/);

    const refreshed = await refresh(request, tokens.refresh_token, later);
    expect(refreshed.status(), await refreshed.text()).toBe(200);
    const next = await refreshed.json();
    expect((await request.get('/api/me', { headers: { ...bearer(next.access_token), ...later } })).status()).toBe(200);
  });

  test('an unused refresh token expires after its lifetime, and not before', async ({ request }) => {
    const user = await signUp(request);
    const tokens = await jwtLogin(request, user);
    expect(tokens.refresh_expires_in).toBeLessThanOrEqual(REFRESH_TTL);
    expect(tokens.refresh_expires_in).toBeGreaterThan(REFRESH_TTL - 60);
    const stale = await refresh(request, tokens.refresh_token, clockAhead(REFRESH_TTL + 1));
    await expectError(stale, 401, 'invalid_token');
    expect((await stale.json()).error.message).toMatch(/expired/);
    // The same token a minute before its end still rotates.
    expect((await refresh(request, tokens.refresh_token, clockAhead(REFRESH_TTL - 60))).status()).toBe(200);
  });

  test('the family ends at its absolute lifetime however often it rotates', async ({ request }) => {
    const user = await signUp(request);
    let tokens = await jwtLogin(request, user);
    const absolute = 30 * 24 * 3600;
    // Rotate every 13 days: each token is still inside its own 14 days, so only the family's end can stop it.
    for (const day of [13, 26]) {
      const rotated = await refresh(request, tokens.refresh_token, clockAhead(day * 24 * 3600));
      expect(rotated.status(), await rotated.text()).toBe(200);
      tokens = await rotated.json();
    }
    expect(tokens.refresh_expires_in).toBeLessThanOrEqual(4 * 24 * 3600);
    await expectError(await refresh(request, tokens.refresh_token, clockAhead(absolute + 1)), 401, 'invalid_token');
  });
});

test.describe('real time, no test clock (realtime profile: access tokens live 20 s)', () => {
  test.use({ baseURL: baseUrlOf('realtime') });

  test('real time: an access token works when issued and is refused once its 20 s are over', async ({ request }) => {
    test.setTimeout(90_000);
    const user = await signUp(request);
    const tokens = await jwtLogin(request, user);
    expect(tokens.expires_in).toBe(20);
    const expiresAt = (Number(decodeJwt(tokens.access_token).claims.exp) + 1) * 1000;
    // Right after login: the whole lifetime is left, however busy the machine is.
    expect((await request.get('/api/me', { headers: bearer(tokens.access_token) })).status()).toBe(200);
    await sleep(Math.max(0, expiresAt - Date.now()) + 2_000);
    expect(await expectInvalidAccessToken(await request.get('/api/me', { headers: bearer(tokens.access_token) }))).toMatch(/expired/);
  });
});
