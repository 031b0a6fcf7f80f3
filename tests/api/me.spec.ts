import type { APIResponse } from '@playwright/test';
import {
  bearer,
  expect,
  expectApiHeaders,
  expectError,
  jwtLogin,
  queryServerDb,
  refresh,
  sessionLogin,
  signUp,
  test,
  withCookie,
} from '../support/api';

test.describe('GET /api/me', () => {
  test('session mode: the user and the session’s lifetimes', async ({ request }) => {
    const user = await signUp(request, 'company', { name: 'Ada Company' });
    const { cookie, body: login } = await sessionLogin(request, user);
    const me = await (await request.get('/api/me', { headers: withCookie(cookie) })).json();

    expect(me.user).toEqual({
      id: user.id,
      email: user.email,
      name: 'Ada Company',
      role: 'company',
      companyName: 'Ada Company Ltd',
      createdAt: expect.any(String),
    });
    expect(me.auth).toMatchObject({ mode: 'session', loginId: login.session.id, session: { absoluteExpiresAt: login.session.absoluteExpiresAt } });
    for (const field of ['createdAt', 'lastSeenAt', 'idleExpiresAt']) expect(Date.parse(me.auth.session[field])).not.toBeNaN();
  });

  test('JWT mode: the user and the access token’s expiry', async ({ request }) => {
    const user = await signUp(request);
    const tokens = await jwtLogin(request, user);
    const me = await (await request.get('/api/me', { headers: bearer(tokens.access_token) })).json();
    expect(me.user).toMatchObject({ id: user.id, email: user.email, role: 'seeker', companyName: null });
    expect(me.user).not.toHaveProperty('passwordHash');
    expect(me.auth.mode).toBe('jwt');
    expect(Math.abs(Date.parse(me.auth.accessTokenExpiresAt) - (Date.now() + tokens.expires_in * 1000))).toBeLessThan(60_000);
  });
});

test.describe('PATCH /api/me', () => {
  test('changes the display name in either mode', async ({ request }) => {
    const user = await signUp(request);
    const { cookie } = await sessionLogin(request, user);
    const tokens = await jwtLogin(request, user);

    const bySession = await request.patch('/api/me', { headers: withCookie(cookie), data: { name: '  Grace Hopper  ' } });
    expect(bySession.status(), await bySession.text()).toBe(200);
    expect((await bySession.json()).user).toMatchObject({ id: user.id, name: 'Grace Hopper' });

    const byToken = await request.patch('/api/me', { headers: bearer(tokens.access_token), data: { name: 'Grace B. Hopper' } });
    expect((await byToken.json()).user.name).toBe('Grace B. Hopper');
    expect((await (await request.get('/api/me', { headers: withCookie(cookie) })).json()).user.name).toBe('Grace B. Hopper');
  });

  test('refuses an empty or too long name, other fields, other content types, and anonymous callers', async ({ request, anonymous }) => {
    const user = await signUp(request);
    const tokens = await jwtLogin(request, user);
    const auth = bearer(tokens.access_token);

    for (const data of [{ name: '   ' }, { name: 'x'.repeat(101) }, {}, { name: 42 }]) {
      const response = await request.patch('/api/me', { headers: auth, data });
      await expectError(response, 422, 'validation_failed');
      expect((await response.json()).error.fields).toHaveProperty('name');
    }
    const extra = await request.patch('/api/me', { headers: auth, data: { name: 'Ok', role: 'company' } });
    await expectError(extra, 422, 'validation_failed');
    await expectError(await request.patch('/api/me', { headers: { ...auth, 'content-type': 'text/plain' }, data: 'name=x' }), 415, 'unsupported_media_type');
    await expectError(await request.patch('/api/me', { headers: { ...auth, 'content-type': 'application/json' }, data: Buffer.from('{') }), 400, 'invalid_json');
    await expectError(await request.patch('/api/me', { headers: auth, data: { name: 'x'.repeat(20_000) } }), 413, 'payload_too_large');
    await expectError(await anonymous.patch('/api/me', { data: { name: 'Nobody' } }), 401, 'unauthenticated');

    expect((await (await request.get('/api/me', { headers: auth })).json()).user).toMatchObject({ name: user.name, role: 'seeker' });
  });
});

test.describe('POST /api/me/password', () => {
  test('from a session: every other login of both kinds ends, the current one keeps working', async ({ request, baseURL }) => {
    const user = await signUp(request);
    const current = await sessionLogin(request, user);
    const otherSession = await sessionLogin(request, user);
    const otherJwt = await jwtLogin(request, user);
    const newPassword = 'a brand new password';

    const change = await request.post('/api/me/password', { headers: withCookie(current.cookie), data: { currentPassword: user.password, newPassword } });
    expect(change.status(), await change.text()).toBe(204);

    expect((await request.get('/api/me', { headers: withCookie(current.cookie) })).status()).toBe(200);
    await expectError(await request.get('/api/me', { headers: withCookie(otherSession.cookie) }), 401, 'unauthenticated');
    await expectError(await refresh(request, otherJwt.refresh_token), 401, 'invalid_token');

    const logins = (await (await request.get('/api/me/sessions', { headers: withCookie(current.cookie) })).json()).sessions;
    expect(logins.map((login: { id: string }) => login.id)).toEqual([current.body.session.id]);

    await expectError(await request.post('/api/auth/session/login', { data: { email: user.email, password: user.password } }), 401, 'invalid_credentials');
    await sessionLogin(request, { email: user.email, password: newPassword });

    const audit = await queryServerDb(baseURL, `SELECT "mode", "detail" FROM "AuthEvent" WHERE "userId" = $1 AND "type" = 'password_changed'`, [user.id]);
    expect(audit.map((event) => ({ ...event }))).toEqual([{ mode: 'session', detail: '2 other logins ended' }]);
  });

  test('from a JWT login: its own refresh family survives, every other login ends', async ({ request }) => {
    const user = await signUp(request);
    const current = await jwtLogin(request, user);
    const otherJwt = await jwtLogin(request, user);
    const session = await sessionLogin(request, user);

    const change = await request.post('/api/me/password', { headers: bearer(current.access_token), data: { currentPassword: user.password, newPassword: 'another new password' } });
    expect(change.status(), await change.text()).toBe(204);

    const rotated = await refresh(request, current.refresh_token);
    expect(rotated.status(), await rotated.text()).toBe(200);
    await expectError(await refresh(request, otherJwt.refresh_token), 401, 'invalid_token');
    await expectError(await request.get('/api/me', { headers: withCookie(session.cookie) }), 401, 'unauthenticated');
    await jwtLogin(request, { email: user.email, password: 'another new password' });
  });

  test('a wrong current password is 403 and changes nothing; a weak or unchanged new one is 422', async ({ request }) => {
    const user = await signUp(request);
    const current = await sessionLogin(request, user);
    const other = await sessionLogin(request, user);
    const headers = withCookie(current.cookie);

    await expectError(await request.post('/api/me/password', { headers, data: { currentPassword: 'wrong password', newPassword: 'whatever new pass' } }), 403, 'invalid_current_password');
    const weak = await request.post('/api/me/password', { headers, data: { currentPassword: user.password, newPassword: 'short' } });
    await expectError(weak, 422, 'validation_failed');
    expect((await weak.json()).error.fields).toHaveProperty('newPassword');
    const same = await request.post('/api/me/password', { headers, data: { currentPassword: user.password, newPassword: user.password } });
    await expectError(same, 422, 'validation_failed');
    expect((await same.json()).error.fields).toHaveProperty('newPassword');

    expect((await request.get('/api/me', { headers: withCookie(other.cookie) })).status()).toBe(200);
    await sessionLogin(request, user);
  });
});

test('every authenticated response carries Cache-Control: no-store and Server-Timing, in both modes', async ({ request }) => {
  const company = await signUp(request, 'company');
  const seeker = await signUp(request, 'seeker');
  const companySession = withCookie((await sessionLogin(request, company)).cookie);
  const seekerToken = bearer((await jwtLogin(request, seeker)).access_token);

  const posted = await request.post('/api/jobs', { headers: companySession, data: { title: 'Header checker', description: 'Reads every header twice.', location: 'Remote' } });
  expectApiHeaders(posted, 'session');
  const postingId = (await posted.json()).posting.id;

  const checks: Array<[Promise<APIResponse>, 'session' | 'jwt']> = [
    [request.get('/api/me', { headers: companySession }), 'session'],
    [request.patch('/api/me', { headers: companySession, data: { name: 'Renamed' } }), 'session'],
    [request.get('/api/me/sessions', { headers: companySession }), 'session'],
    [request.get('/api/jobs', { headers: companySession }), 'session'],
    [request.get('/api/company/applicant-counts', { headers: companySession }), 'session'],
    [request.get('/api/me', { headers: seekerToken }), 'jwt'],
    [request.get('/api/me/sessions', { headers: seekerToken }), 'jwt'],
    [request.get('/api/jobs', { headers: seekerToken }), 'jwt'],
    [request.post(`/api/jobs/${postingId}/applications`, { headers: seekerToken }), 'jwt'],
    [request.get('/api/company/applicant-counts', { headers: seekerToken }), 'jwt'], // a 403 is still an authenticated answer
  ];
  for (const [pending, mode] of checks) {
    const response = await pending;
    expect(response.status(), response.url()).toBeLessThan(500);
    expectApiHeaders(response, mode);
  }

  for (const response of [
    await request.post('/api/auth/session/login', { data: { email: company.email, password: company.password } }),
    await request.post('/api/auth/jwt/login', { data: { email: seeker.email, password: seeker.password } }),
    await request.get('/api/health'),
    await request.get('/api/me', { headers: { authorization: 'Bearer x.y.z' } }),
  ]) {
    expectApiHeaders(response);
  }
});
