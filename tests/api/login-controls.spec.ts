import type { APIRequestContext, APIResponse } from '@playwright/test';
import {
  basic,
  bearer,
  clockAhead,
  decodeJwt,
  expect,
  expectError,
  queryServerDb,
  refresh,
  sessionCookieOf,
  setCookieLine,
  signUp,
  test,
  withCookie,
  type TestUser,
  type TokenResponse,
} from '../support/api';
import { baseUrlOf } from '../support/servers';

// The login controls of issue 14. Remember me and step-up run on the default settings, so these
// run against SQLite (api) and PostgreSQL (api-pg); the login limit and the revocation check are
// off by default and run on the `controls` profile (PostgreSQL with two instances:
// tests/cluster/login-controls.spec.ts).

const STEP_UP_MAX_AGE = 600;
const TRANSIENT_TTL = 12 * 3600;
const HOUR = 3600;

const hasLifetime = (line: string) => /;\s*(max-age|expires)=/i.test(line);

async function loginResponse(request: APIRequestContext, mode: 'session' | 'jwt', user: TestUser, data: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await request.post(`/api/auth/${mode}/login`, { data: { email: user.email, password: user.password, ...data }, headers });
  expect(response.status(), await response.text()).toBe(200);
  return response;
}

test.describe('remember me', () => {
  test('session mode: remember false gives a cookie with neither Max-Age nor Expires and a 12 h login; the default keeps both', async ({ request }) => {
    const user = await signUp(request);
    const transient = await loginResponse(request, 'session', user, { remember: false });
    expect(hasLifetime(setCookieLine(transient, 'session'))).toBe(false);
    const { session } = await transient.json();
    expect(Math.abs(Date.parse(session.absoluteExpiresAt) - (Date.now() + TRANSIENT_TTL * 1000))).toBeLessThan(120_000);
    const cookie = sessionCookieOf(transient);
    expect((await request.get('/api/me', { headers: { ...withCookie(cookie), ...clockAhead(TRANSIENT_TTL - HOUR) } })).status()).toBe(200);
    await expectError(await request.get('/api/me', { headers: { ...withCookie(cookie), ...clockAhead(TRANSIENT_TTL + 60) } }), 401, 'unauthenticated');

    const remembered = await loginResponse(request, 'session', user);
    expect(setCookieLine(remembered, 'session')).toMatch(/max-age=\d+/i);
    expect(setCookieLine(remembered, 'session')).toMatch(/expires=/i);
    expect((await request.get('/api/me', { headers: { ...withCookie(sessionCookieOf(remembered)), ...clockAhead(TRANSIENT_TTL + 60) } })).status()).toBe(200);
  });

  test('JWT mode: remember false makes both cookies browser-session cookies, at login and at every rotation, and the family ends after 12 h', async ({ request }) => {
    const user = await signUp(request);
    const transient = await loginResponse(request, 'jwt', user, { remember: false });
    expect(hasLifetime(setCookieLine(transient, 'refresh_token'))).toBe(false);
    expect(hasLifetime(setCookieLine(transient, 'jwt_login'))).toBe(false);
    const tokens: TokenResponse = await transient.json();
    expect(tokens.refresh_expires_in).toBeLessThanOrEqual(TRANSIENT_TTL);

    const rotated = await refresh(request, tokens.refresh_token);
    expect(rotated.status()).toBe(200);
    expect(hasLifetime(setCookieLine(rotated, 'refresh_token'))).toBe(false);
    const next: TokenResponse = await rotated.json();
    await expectError(await refresh(request, next.refresh_token, clockAhead(TRANSIENT_TTL + 60)), 401, 'invalid_token');

    const remembered = await loginResponse(request, 'jwt', user, { remember: true });
    expect(setCookieLine(remembered, 'refresh_token')).toMatch(/max-age=\d+/i);
    const kept: TokenResponse = await remembered.json();
    expect((await refresh(request, kept.refresh_token, clockAhead(TRANSIENT_TTL + 60))).status()).toBe(200);
  });

  test('a Basic-auth login takes remember as a query parameter; anything but true or false is refused', async ({ request }) => {
    const user = await signUp(request);
    for (const mode of ['session', 'jwt'] as const) {
      const response = await request.post(`/api/auth/${mode}/login?remember=false`, { headers: basic(user.email, user.password) });
      expect(response.status(), await response.text()).toBe(200);
      expect(hasLifetime(setCookieLine(response, mode === 'session' ? 'session' : 'refresh_token'))).toBe(false);
      await expectError(await request.post(`/api/auth/${mode}/login?remember=maybe`, { headers: basic(user.email, user.password) }), 400, 'bad_request');
      await expectError(await request.post(`/api/auth/${mode}/login`, { data: { email: user.email, password: user.password, remember: 'no' } }), 422, 'validation_failed');
    }
  });
});

/** A sensitive action: "log out all other devices". */
const logOutOthers = (request: APIRequestContext, headers: Record<string, string>) => request.delete('/api/me/sessions', { headers });

async function expectStepUpRequired(response: APIResponse, scheme: 'Bearer' | null) {
  await expectError(response, 401, 'insufficient_user_authentication');
  const challenge = response.headers()['www-authenticate'];
  if (scheme === null) expect(challenge).toBeUndefined();
  else expect(challenge).toMatch(new RegExp(`^${scheme} error="insufficient_user_authentication", error_description="[^"]+", max_age=${STEP_UP_MAX_AGE}$`));
}

test.describe('step-up', () => {
  test('session mode: a stale login gets insufficient_user_authentication, activity does not make it fresh, reauthenticate does', async ({ request }) => {
    const user = await signUp(request);
    const cookie = sessionCookieOf(await loginResponse(request, 'session', user));
    const other = sessionCookieOf(await loginResponse(request, 'session', user));
    const at = (seconds: number) => ({ ...withCookie(cookie), ...clockAhead(seconds) });

    // Requests slide the idle expiry; they prove nothing about who is at the keyboard.
    expect((await request.get('/api/me', { headers: at(STEP_UP_MAX_AGE - 60) })).status()).toBe(200);
    await expectStepUpRequired(await logOutOthers(request, at(STEP_UP_MAX_AGE + 5)), null);
    await expectStepUpRequired(await request.delete(`/api/me/sessions/${encodeURIComponent('someone')}`, { headers: at(STEP_UP_MAX_AGE + 5) }), null);
    expect((await request.get('/api/me', { headers: withCookie(other) })).status()).toBe(200);

    await expectError(await request.post('/api/auth/reauthenticate', { headers: at(STEP_UP_MAX_AGE + 10), data: { password: 'wrong-password' } }), 403, 'invalid_password');
    const reauth = await request.post('/api/auth/reauthenticate', { headers: at(STEP_UP_MAX_AGE + 10), data: { password: user.password } });
    expect(reauth.status(), await reauth.text()).toBe(200);
    const { authTime } = await reauth.json();
    expect(Math.abs(Date.parse(authTime) - (Date.now() + (STEP_UP_MAX_AGE + 10) * 1000))).toBeLessThan(60_000);
    expect((await request.get('/api/me', { headers: at(STEP_UP_MAX_AGE + 10) })).status()).toBe(200);
    const me = await (await request.get('/api/me', { headers: at(STEP_UP_MAX_AGE + 11) })).json();
    expect(me.auth.authTime).toBe(authTime);

    const done = await logOutOthers(request, at(STEP_UP_MAX_AGE + 20));
    expect(done.status(), await done.text()).toBe(200);
    expect(await done.json()).toEqual({ revoked: 1 });
    await expectError(await request.get('/api/me', { headers: withCookie(other) }), 401, 'unauthenticated');
    // Fresh again only for STEP_UP_MAX_AGE.
    await expectStepUpRequired(await logOutOthers(request, at(2 * STEP_UP_MAX_AGE + 20)), null);
    // Ending one's own login by its id is a logout, which never asks for the password.
    const { auth } = await (await request.get('/api/me', { headers: at(2 * STEP_UP_MAX_AGE + 20) })).json();
    expect((await request.delete(`/api/me/sessions/${encodeURIComponent(auth.loginId)}`, { headers: at(2 * STEP_UP_MAX_AGE + 21) })).status()).toBe(204);
    await expectError(await request.get('/api/me', { headers: at(2 * STEP_UP_MAX_AGE + 22) }), 401, 'unauthenticated');
  });

  test('JWT mode: a refresh does not make a login fresh; reauthenticate returns a fresh token, and later refreshes carry its auth_time', async ({ request }) => {
    const user = await signUp(request);
    const tokens: TokenResponse = await (await loginResponse(request, 'jwt', user)).json();
    const loginAuthTime = decodeJwt(tokens.access_token).claims.auth_time;
    expect(loginAuthTime).toEqual(expect.any(Number));
    const later = STEP_UP_MAX_AGE + 30;

    // The access token has expired by then (it lives as long as STEP_UP_MAX_AGE): refresh first.
    const rotated = await refresh(request, tokens.refresh_token, clockAhead(later));
    expect(rotated.status()).toBe(200);
    const stale: TokenResponse = await rotated.json();
    expect(decodeJwt(stale.access_token).claims.auth_time).toBe(loginAuthTime);
    const staleAt = { ...bearer(stale.access_token), ...clockAhead(later) };
    await expectStepUpRequired(await logOutOthers(request, staleAt), 'Bearer');
    // Any other login's id, known or not, is challenged alike (the challenge comes before the lookup).
    await expectStepUpRequired(await request.delete(`/api/me/sessions/${encodeURIComponent('someone')}`, { headers: staleAt }), 'Bearer');

    const reauth = await request.post('/api/auth/reauthenticate', { headers: staleAt, data: { password: user.password } });
    expect(reauth.status(), await reauth.text()).toBe(200);
    const fresh = await reauth.json();
    expect(fresh).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number), access_token: expect.any(String) });
    expect(fresh.refresh_token).toBeUndefined();
    const freshClaims = decodeJwt(fresh.access_token).claims;
    expect(freshClaims.sid).toBe(decodeJwt(stale.access_token).claims.sid);
    expect(Number(freshClaims.auth_time)).toBeGreaterThan(Number(loginAuthTime) + STEP_UP_MAX_AGE);
    expect(Number(freshClaims.auth_time) * 1000).toBe(Math.floor(Date.parse(fresh.authTime) / 1000) * 1000);

    const done = await logOutOthers(request, { ...bearer(fresh.access_token), ...clockAhead(later) });
    expect(done.status(), await done.text()).toBe(200);
    // The still-stale token of the same login stays stale: freshness lives in the token.
    await expectStepUpRequired(await logOutOthers(request, staleAt), 'Bearer');
    // The family took the new auth_time: the next rotation carries it on.
    const next: TokenResponse = await (await refresh(request, stale.refresh_token, clockAhead(later + 5))).json();
    expect(decodeJwt(next.access_token).claims.auth_time).toBe(freshClaims.auth_time);
  });

  test('reauthenticate needs a login and a well-formed body, and a wrong password changes nothing', async ({ request, anonymous }) => {
    const user = await signUp(request);
    const tokens: TokenResponse = await (await loginResponse(request, 'jwt', user)).json();
    await expectError(await anonymous.post('/api/auth/reauthenticate', { data: { password: user.password } }), 401, 'unauthenticated');
    await expectError(await request.post('/api/auth/reauthenticate', { headers: bearer(tokens.access_token), data: { password: '' } }), 422, 'validation_failed');
    await expectError(await request.post('/api/auth/reauthenticate', { headers: bearer(tokens.access_token), data: { password: 'x', extra: 1 } }), 422, 'validation_failed');
    await expectError(await request.post('/api/auth/reauthenticate', { headers: bearer(tokens.access_token), data: { password: 'wrong' } }), 403, 'invalid_password');
    const events = await queryServerDb(test.info().project.use.baseURL, `SELECT "type" FROM "AuthEvent" WHERE "userId" = $1 ORDER BY "createdAt"`, [user.id]);
    expect(events.map((event) => event.type)).toContain('reauthentication_failed');
  });
});

test('reauthenticate is throttled like a login: past the account’s failures, even the right password gets 429, and so does a login', async ({ request }) => {
  const user = await signUp(request);
  const cookie = sessionCookieOf(await loginResponse(request, 'session', user));
  // LOGIN_MAX_FAILURES_PER_ACCOUNT is 10 on this server, the default.
  for (let attempt = 0; attempt < 10; attempt += 1) {
    await expectError(await request.post('/api/auth/reauthenticate', { headers: withCookie(cookie), data: { password: `wrong-${attempt}` } }), 403, 'invalid_password');
  }
  const refused = await request.post('/api/auth/reauthenticate', { headers: withCookie(cookie), data: { password: user.password } });
  await expectError(refused, 429, 'rate_limited');
  expect(Number(refused.headers()['retry-after'])).toBeGreaterThan(0);
  await expectError(await request.post('/api/auth/session/login', { data: { email: user.email, password: user.password } }), 429, 'rate_limited');
});

test.describe('login limit and revocable access tokens (MAX_LOGINS_PER_USER=2, ACCESS_TOKEN_REVOCATION=check)', () => {
  test.use({ baseURL: baseUrlOf('controls') });

  test('the third login ends the oldest, of either kind; the audit trail and the login list say so', async ({ request }) => {
    const user = await signUp(request);
    // A second apart on the test clock, so "oldest" is plain to see.
    const first = sessionCookieOf(await loginResponse(request, 'session', user));
    const second: TokenResponse = await (await loginResponse(request, 'jwt', user, {}, clockAhead(1))).json();
    const third = sessionCookieOf(await loginResponse(request, 'session', user, {}, clockAhead(2)));
    const at = clockAhead(3);

    await expectError(await request.get('/api/me', { headers: { ...withCookie(first), ...at } }), 401, 'unauthenticated');
    expect((await request.get('/api/me', { headers: { ...bearer(second.access_token), ...at } })).status()).toBe(200);
    const list = await (await request.get('/api/me/sessions', { headers: { ...withCookie(third), ...at } })).json();
    expect(list.sessions).toHaveLength(2);
    expect(list.ended).toHaveLength(1);
    expect(list.ended[0]).toMatchObject({ kind: 'session', reason: 'login_limit' });
    const events = await queryServerDb(baseUrlOf('controls'), `SELECT "detail" FROM "AuthEvent" WHERE "userId" = $1 AND "type" = 'login_ended_by_limit'`, [user.id]);
    expect(events.map((event) => event.detail)).toEqual([`session ${list.ended[0].id}`]);

    // The next login (a session) ends the JWT family, whose refresh token and (revocation check)
    // access token stop at once; the audit trail records the mode of the login that ended.
    await loginResponse(request, 'session', user, {}, clockAhead(4));
    await expectError(await refresh(request, second.refresh_token, clockAhead(5)), 401, 'invalid_token');
    await expectError(await request.get('/api/me', { headers: { ...bearer(second.access_token), ...clockAhead(6) } }), 401, 'invalid_token');
    const after = await (await request.get('/api/me/sessions', { headers: { ...withCookie(third), ...clockAhead(6) } })).json();
    expect(after.ended.map((login: { kind: string }) => login.kind)).toEqual(['jwt', 'session']);
    const modes = await queryServerDb(baseUrlOf('controls'), `SELECT "mode" FROM "AuthEvent" WHERE "userId" = $1 AND "type" = 'login_ended_by_limit' ORDER BY "createdAt"`, [user.id]);
    expect(modes.map((event) => event.mode)).toEqual(['session', 'jwt']);

    // The list says so for a week. Eight days on (every login above has expired by then), three
    // logins end the first of them, which shows alone.
    const weekLater = 8 * 24 * 3600;
    for (const step of [0, 1]) await loginResponse(request, 'session', user, {}, clockAhead(weekLater + step));
    const last = sessionCookieOf(await loginResponse(request, 'session', user, {}, clockAhead(weekLater + 2)));
    const muchLater = await (await request.get('/api/me/sessions', { headers: { ...withCookie(last), ...clockAhead(weekLater + 3) } })).json();
    expect(muchLater.ended).toHaveLength(1);
  });

  test('parallel logins of both kinds leave exactly the limit', async ({ request }) => {
    const user = await signUp(request);
    const modes = ['session', 'jwt', 'session', 'jwt', 'session', 'jwt'] as const;
    const responses = await Promise.all(modes.map((mode) => loginResponse(request, mode, user)));
    expect(responses.every((response) => response.ok())).toBe(true);
    const live = await queryServerDb(
      baseUrlOf('controls'),
      `SELECT (SELECT COUNT(*) FROM "Session" WHERE "userId" = $1 AND "revokedAt" IS NULL) AS "sessions",
              (SELECT COUNT(DISTINCT "familyId") FROM "RefreshToken" WHERE "userId" = $1 AND "revokedAt" IS NULL) AS "families"`,
      [user.id],
    );
    expect(Number(live[0]!.sessions) + Number(live[0]!.families)).toBe(2);
    const ended = await queryServerDb(baseUrlOf('controls'), `SELECT COUNT(*) AS "n" FROM "AuthEvent" WHERE "userId" = $1 AND "type" = 'login_ended_by_limit'`, [user.id]);
    expect(Number(ended[0]!.n)).toBe(modes.length - 2);
  });

  test('with check, a logged-out login’s access token is refused within 1 s; a live one keeps working', async ({ request }) => {
    const user = await signUp(request);
    const tokens: TokenResponse = await (await loginResponse(request, 'jwt', user)).json();
    const other: TokenResponse = await (await loginResponse(request, 'jwt', user, {}, clockAhead(1))).json();
    expect((await request.get('/api/me', { headers: bearer(tokens.access_token) })).status()).toBe(200);
    expect((await request.get('/api/me', { headers: bearer(tokens.access_token) })).status()).toBe(200);

    expect((await request.post('/api/auth/jwt/logout', { headers: bearer(tokens.refresh_token) })).status()).toBe(204);
    // 1 s later on the test clock, whatever this process had cached; and on the wall clock soon after.
    const refused = await request.get('/api/me', { headers: { ...bearer(tokens.access_token), ...clockAhead(1) } });
    await expectInvalidTokenEnded(refused);
    await expect.poll(async () => (await request.get('/api/me', { headers: bearer(tokens.access_token) })).status()).toBe(401);
    expect((await request.get('/api/me', { headers: { ...bearer(other.access_token), ...clockAhead(1) } })).status()).toBe(200);
  });

  test('with check, a token whose login is unknown is refused', async ({ request }) => {
    const user = await signUp(request);
    const tokens: TokenResponse = await (await loginResponse(request, 'jwt', user)).json();
    const loginId = String(decodeJwt(tokens.access_token).claims.sid);
    await queryServerDb(baseUrlOf('controls'), `DELETE FROM "RefreshToken" WHERE "familyId" = $1`, [loginId]);
    await expectInvalidTokenEnded(await request.get('/api/me', { headers: { ...bearer(tokens.access_token), ...clockAhead(1) } }));
  });
});

async function expectInvalidTokenEnded(response: APIResponse) {
  await expectError(response, 401, 'invalid_token');
  expect(response.headers()['www-authenticate']).toMatch(/^Bearer error="invalid_token", error_description="the login this token belongs to has ended"$/);
}
