import {
  basic,
  expect,
  expectApiHeaders,
  expectError,
  sessionCookieOf,
  queryServerDb,
  sessionLogin,
  setCookieLine,
  signUp,
  sleep,
  test,
  clockAhead,
  uniqueEmail,
  withCookie,
} from '../support/api';
import { baseUrlOf } from '../support/servers';

test.describe('session login', () => {
  test('JSON credentials: the user, the session, and a sealed HttpOnly cookie that authenticates', async ({ request }) => {
    const user = await signUp(request, 'seeker');
    const { response, cookie, body } = await sessionLogin(request, user);

    expect(body.user).toMatchObject({ id: user.id, email: user.email, role: 'seeker', companyName: null });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(Date.parse(body.session.idleExpiresAt)).toBeGreaterThan(Date.now());
    expect(Date.parse(body.session.absoluteExpiresAt)).toBeGreaterThanOrEqual(Date.parse(body.session.idleExpiresAt));

    const line = setCookieLine(response, 'session');
    expect(line).toMatch(/^__Host-session=Fe26\.2\*/); // an iron-session seal, Secure in production
    expect(line).toMatch(/; HttpOnly/i);
    expect(line).toMatch(/; Secure/i);
    expect(line).toMatch(/; SameSite=lax/i);
    expect(line).toMatch(/; Path=\/(;|$)/);
    expect(line).not.toContain(body.session.id);

    const me = await request.get('/api/me', { headers: withCookie(cookie) });
    expect(me.status()).toBe(200);
    expectApiHeaders(me, 'session');
    expect((await me.json()).auth).toMatchObject({ mode: 'session', loginId: body.session.id });
  });

  test('Basic credentials log in just like JSON; every login gets a new session', async ({ request }) => {
    const user = await signUp(request, 'company');
    const first = await request.post('/api/auth/session/login', { headers: basic(user.email, user.password) });
    expect(first.status(), await first.text()).toBe(200);
    const second = await request.post('/api/auth/session/login', { headers: basic(user.email.toUpperCase(), user.password) });
    expect(second.status(), await second.text()).toBe(200);

    expect((await first.json()).session.id).not.toBe((await second.json()).session.id);
    expect(sessionCookieOf(first)).not.toBe(sessionCookieOf(second));
    for (const response of [first, second]) {
      const me = await request.get('/api/me', { headers: withCookie(sessionCookieOf(response)) });
      expect((await me.json()).user.id).toBe(user.id);
    }
  });

  test('a wrong password and an unknown email get the same status and body, and no cookie', async ({ request }) => {
    const user = await signUp(request);
    const wrongPassword = await request.post('/api/auth/session/login', { data: { email: user.email, password: 'not-the-password' } });
    const unknownUser = await request.post('/api/auth/session/login', { data: { email: uniqueEmail('nobody'), password: user.password } });
    const wrongBasic = await request.post('/api/auth/session/login', { headers: basic(user.email, 'not-the-password') });

    for (const response of [wrongPassword, unknownUser, wrongBasic]) {
      await expectError(response, 401, 'invalid_credentials');
      expect(response.headersArray().some((h) => h.name.toLowerCase() === 'set-cookie')).toBe(false);
    }
    expect(await wrongPassword.json()).toEqual(await unknownUser.json());
    expect(await wrongBasic.json()).toEqual(await unknownUser.json());
  });

  test('malformed logins are 4xx with the error shape, never a failed-login guess', async ({ request }) => {
    await expectError(await request.post('/api/auth/session/login', { headers: { authorization: 'Basic !!!' } }), 400, 'bad_request');
    const noColon = `Basic ${Buffer.from('just-an-email').toString('base64')}`;
    await expectError(await request.post('/api/auth/session/login', { headers: { authorization: noColon } }), 400, 'bad_request');
    await expectError(await request.post('/api/auth/session/login', { headers: { 'content-type': 'application/json' }, data: Buffer.from('{"email":') }), 400, 'invalid_json');
    await expectError(await request.post('/api/auth/session/login', { form: { email: 'a@b.c', password: 'x' } }), 415, 'unsupported_media_type');
    const missing = await request.post('/api/auth/session/login', { data: { email: 'a@example.com' } });
    await expectError(missing, 422, 'validation_failed');
    expect((await missing.json()).error.fields).toHaveProperty('password');
    await expectError(await request.post('/api/auth/session/login', { data: { email: 'a@example.com', password: 'x', admin: true } }), 422, 'validation_failed');
    await expectError(await request.get('/api/auth/session/login'), 405, 'method_not_allowed');
  });
});

test.describe('session cookie', () => {
  test('logout revokes the session: replaying the old cookie is 401', async ({ request }) => {
    const user = await signUp(request);
    const { cookie } = await sessionLogin(request, user);

    const logout = await request.post('/api/auth/session/logout', { headers: withCookie(cookie) });
    expect(logout.status()).toBe(204);
    expect(setCookieLine(logout, 'session')).toMatch(/^__Host-session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);

    await expectError(await request.get('/api/me', { headers: withCookie(cookie) }), 401, 'unauthenticated');
    // Logging out again with the dead cookie still answers 204 and clears it.
    expect((await request.post('/api/auth/session/logout', { headers: withCookie(cookie) })).status()).toBe(204);
  });

  test('logout of one session leaves the user’s other sessions alone', async ({ request }) => {
    const user = await signUp(request);
    const laptop = await sessionLogin(request, user);
    const phone = await sessionLogin(request, user);
    expect((await request.post('/api/auth/session/logout', { headers: withCookie(laptop.cookie) })).status()).toBe(204);
    expect((await request.get('/api/me', { headers: withCookie(phone.cookie) })).status()).toBe(200);
  });

  test('a tampered, truncated, foreign or empty cookie is 401 unauthenticated', async ({ request }) => {
    const user = await signUp(request);
    const { cookie } = await sessionLogin(request, user);
    const [name, value] = cookie.split(/=(.*)/s) as [string, string];
    const flip = (text: string, at: number) => text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);

    const forged = [
      `${name}=${flip(value, Math.floor(value.length / 2))}`, // inside the ciphertext
      `${name}=${flip(value, value.length - 5)}`, // inside the MAC
      `${name}=${value.slice(0, -10)}`,
      `${name}=Fe26.2*1*not*a*real*seal`,
      `${name}=${'x'.repeat(3000)}`,
      `${name}=`,
    ];
    for (const header of forged) {
      await expectError(await request.get('/api/me', { headers: withCookie(header) }), 401, 'unauthenticated');
    }
    // The genuine cookie still works: the failures above were about the tampering.
    expect((await request.get('/api/me', { headers: withCookie(cookie) })).status()).toBe(200);
  });

  test('no credentials at all is 401 unauthenticated', async ({ anonymous }) => {
    const response = await anonymous.get('/api/me');
    await expectError(response, 401, 'unauthenticated');
    expectApiHeaders(response);
  });
});

test('logins, failed logins and logouts are recorded with mode, address and user agent', async ({ request, baseURL }) => {
  const user = await signUp(request);
  const client = { 'user-agent': 'audit-check/1.0', 'x-forwarded-for': '203.0.113.9' };
  await request.post('/api/auth/session/login', { headers: client, data: { email: user.email, password: 'not-the-password' } });
  const { cookie } = await sessionLogin(request, user, client);
  await request.post('/api/auth/session/logout', { headers: { ...client, ...withCookie(cookie) } });

  const events = await queryServerDb(baseURL, 'SELECT "type", "mode", "ip", "userAgent" FROM "AuthEvent" WHERE "userId" = $1 ORDER BY "createdAt"', [user.id]);
  expect(events.map((event) => ({ ...event }))).toEqual([
    { type: 'signup', mode: null, ip: expect.any(String), userAgent: expect.any(String) },
    { type: 'login_failed', mode: 'session', ip: '203.0.113.9', userAgent: 'audit-check/1.0' },
    { type: 'login', mode: 'session', ip: '203.0.113.9', userAgent: 'audit-check/1.0' },
    { type: 'logout', mode: 'session', ip: '203.0.113.9', userAgent: 'audit-check/1.0' },
  ]);
});

// Default lifetimes: idle 7 days, absolute 30 days. The requests below ask for a later time
// (X-Test-Clock-Offset) instead of waiting for it.
const DAY = 24 * 3600;
const IDLE_TTL = 7 * DAY;
const ABSOLUTE_TTL = 30 * DAY;

test.describe('session expiry, on the test clock', () => {
  test('an idle session ends after its idle lifetime, and not before', async ({ request }) => {
    const user = await signUp(request);
    const { cookie, body } = await sessionLogin(request, user);
    expect(Date.parse(body.session.idleExpiresAt) - Date.now()).toBeLessThanOrEqual(IDLE_TTL * 1000);

    const idle = (seconds: number) => request.get('/api/me', { headers: { ...withCookie(cookie), ...clockAhead(seconds) } });
    await expectError(await idle(IDLE_TTL + 60), 401, 'unauthenticated');
    // The expired session is gone for good: going back in time does not revive it.
    await expectError(await request.get('/api/me', { headers: withCookie(cookie) }), 401, 'unauthenticated');

    const another = await sessionLogin(request, user);
    const justBefore = await request.get('/api/me', { headers: { ...withCookie(another.cookie), ...clockAhead(IDLE_TTL - 60) } });
    expect(justBefore.status()).toBe(200);
  });

  test('activity slides the idle expiry, but not past the absolute expiry', async ({ request }) => {
    const user = await signUp(request);
    const { cookie, body } = await sessionLogin(request, user);
    const absolute = Date.parse(body.session.absoluteExpiresAt);
    const at = (days: number) => request.get('/api/me', { headers: { ...withCookie(cookie), ...clockAhead(days * DAY) } });

    // A visit every 6 days is inside the 7-day idle lifetime, so only the absolute expiry can end it.
    let lastIdleExpiry = Date.parse(body.session.idleExpiresAt);
    for (const day of [6, 12, 18]) {
      const me = await at(day);
      expect(me.status(), `day ${day} is inside the absolute lifetime`).toBe(200);
      const idleExpiresAt = Date.parse((await me.json()).auth.session.idleExpiresAt);
      expect(idleExpiresAt).toBeGreaterThan(lastIdleExpiry);
      expect(idleExpiresAt).toBeLessThan(absolute);
      lastIdleExpiry = idleExpiresAt;
    }
    // Day 24 + 7 would be past day 30: the idle expiry stops at the absolute one, and day 29 still works.
    expect(Date.parse((await (await at(24)).json()).auth.session.idleExpiresAt)).toBe(absolute);
    expect((await at(29)).status()).toBe(200);
    await expectError(await request.get('/api/me', { headers: { ...withCookie(cookie), ...clockAhead(ABSOLUTE_TTL + 1) } }), 401, 'unauthenticated');
  });
});

test.describe('real time, no test clock (realtime profile: sessions idle out after 20 s)', () => {
  test.use({ baseURL: baseUrlOf('realtime') });

  test('real time: a session works at once and is refused after 20 idle seconds', async ({ request }) => {
    test.setTimeout(90_000);
    const user = await signUp(request);
    const { cookie, body } = await sessionLogin(request, user);
    const idleExpiresAt = Date.parse(body.session.idleExpiresAt);
    expect(idleExpiresAt - Date.now()).toBeLessThanOrEqual(20_000);
    expect((await request.get('/api/me', { headers: withCookie(cookie) })).status()).toBe(200);
    // That request may have slid the idle expiry to 20 s after it (on a busy machine); wait past either end.
    const lastUse = Date.now();
    await sleep(Math.max(idleExpiresAt, lastUse + 20_000) - Date.now() + 2_000);
    await expectError(await request.get('/api/me', { headers: withCookie(cookie) }), 401, 'unauthenticated');
  });
});
