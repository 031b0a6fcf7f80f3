import { expect, test } from '@playwright/test';
import { basic, bearer, clockAhead, decodeJwt, expectError, signUp, TEST_CLOCK_HEADER, type TokenResponse } from '../support/api';
import { loopbackAddress, rawRequest } from '../support/attack-http';
import { baseUrlOf } from '../support/servers';

// The test clock (lib/clock.ts): on for the test profiles, and nowhere else. A server without
// TEST_CLOCK (the realtime profile, a production build like any deployment) must not let a
// client move its clock: the header is ignored and the control route does not exist.

test.describe('a server with TEST_CLOCK=true', () => {
  test('a request sees the clock its header asks for, and only that request', async ({ request }) => {
    const ahead = await request.get('/api/test/clock', { headers: clockAhead(3600) });
    expect(ahead.status()).toBe(200);
    const body = await ahead.json();
    expect(body.offsetSeconds).toBe(3600);
    expect(Math.abs(Date.parse(body.now) - (Date.now() + 3_600_000))).toBeLessThan(60_000);
    const plain = await (await request.get('/api/test/clock')).json();
    expect(plain.offsetSeconds).toBe(0);
    expect(Math.abs(Date.parse(plain.now) - Date.now())).toBeLessThan(60_000);
  });

  test('tokens are issued on the request clock', async ({ request }) => {
    const user = await signUp(request);
    const login = await request.post('/api/auth/jwt/login', { headers: { ...basic(user.email, user.password), ...clockAhead(86_400) } });
    const tokens: TokenResponse = await login.json();
    const issuedAt = Number(decodeJwt(tokens.access_token).claims.iat) * 1000;
    expect(Math.abs(issuedAt - (Date.now() + 86_400_000))).toBeLessThan(60_000);
    // Not yet valid on today's clock? It verifies (jose allows iat in the future) but a day later it is long expired.
    await expectError(await request.get('/api/me', { headers: { ...bearer(tokens.access_token), ...clockAhead(86_400 + 601) } }), 401, 'invalid_token');
  });

  test('an offset that is not a whole number of seconds in range is a JSON 400', async ({ request }) => {
    for (const value of ['-5', '1.5', 'soon', '99999999999', '']) {
      await expectError(await request.get('/api/me', { headers: { [TEST_CLOCK_HEADER]: value } }), 400, 'bad_test_clock');
    }
  });

  test('the login throttle window ends on the test clock', async () => {
    const base = baseUrlOf('throttle');
    const email = `throttle-clock-${Date.now()}@test.example`;
    const from = loopbackAddress();
    const attempt = (headers: Record<string, string> = {}) =>
      rawRequest(base, { method: 'POST', path: '/api/auth/session/login', localAddress: from, headers: { ...basic(email, 'wrong-password'), ...headers } });
    // The throttle profile allows 3 failures per account within 60 s.
    for (let i = 0; i < 3; i += 1) await expectError(await attempt(), 401, 'invalid_credentials');
    await expectError(await attempt(), 429, 'rate_limited');
    await expectError(await attempt(clockAhead(30)), 429, 'rate_limited');
    // A minute later the window is over: the account may try again.
    await expectError(await attempt(clockAhead(61)), 401, 'invalid_credentials');
  });
});

test.describe('a server without TEST_CLOCK (realtime profile)', () => {
  test.use({ baseURL: baseUrlOf('realtime') });

  test('the control route does not exist and the header changes nothing', async ({ request }) => {
    await expectError(await request.get('/api/test/clock'), 404, 'not_found');
    await expectError(await request.get('/api/test/clock', { headers: clockAhead(60) }), 404, 'not_found');
    const user = await signUp(request);
    const login = await request.post('/api/auth/jwt/login', { headers: { ...basic(user.email, user.password), ...clockAhead(86_400) } });
    const tokens: TokenResponse = await login.json();
    const issuedAt = Number(decodeJwt(tokens.access_token).claims.iat) * 1000;
    expect(Math.abs(issuedAt - Date.now())).toBeLessThan(60_000);
    // A header asking for a time past exp, and even garbage, are ignored: the token works.
    expect((await request.get('/api/me', { headers: { ...bearer(tokens.access_token), ...clockAhead(3600) } })).status()).toBe(200);
    expect((await request.get('/api/me', { headers: { ...bearer(tokens.access_token), [TEST_CLOCK_HEADER]: 'soon' } })).status()).toBe(200);
  });
});
