import {
  bearer,
  expect,
  expectError,
  jwtLogin,
  refresh,
  refreshCookieOf,
  sessionLogin,
  signUp,
  test,
  withCookie,
} from '../support/api';

// What users of other auth libraries keep reporting, each checked here: cached cookies, state
// changed by a GET or a prefetch, and credentials minted for a login that was just revoked.

const AUTH_COOKIE = /^(__Host-|__Secure-)?(session|refresh_token|jwt_login)=/;

function expectPrivateNoStore(cacheControl: string | undefined, what: string) {
  const directives = (cacheControl ?? '').split(',').map((directive) => directive.trim());
  expect(directives, what).toContain('private');
  expect(directives, what).toContain('no-store');
}

test('every response that sets or clears an auth cookie is Cache-Control: private, no-store, and so is every page', async ({ request }) => {
  const user = await signUp(request);
  const responses = [];
  const session = await sessionLogin(request, user);
  responses.push(session.response);
  const jwt = await request.post('/api/auth/jwt/login', { data: { email: user.email, password: user.password } });
  responses.push(jwt);
  const rotated = await request.post('/api/auth/jwt/refresh', { headers: { cookie: refreshCookieOf(jwt) } });
  responses.push(rotated);
  responses.push(await request.post('/api/auth/jwt/logout', { headers: { cookie: refreshCookieOf(rotated) } }));
  responses.push(await request.post('/api/auth/session/logout', { headers: withCookie(session.cookie) }));
  for (const response of responses) {
    const cookies = response.headersArray().filter((header) => header.name.toLowerCase() === 'set-cookie' && AUTH_COOKIE.test(header.value));
    expect(cookies.length, `${response.url()} sets an auth cookie`).toBeGreaterThan(0);
    expectPrivateNoStore(response.headers()['cache-control'], response.url());
  }
  const again = await sessionLogin(request, user);
  for (const page of ['/', '/login', '/me', '/jobs', '/settings', '/company/applicants', '/no-such-page']) {
    const response = await request.get(page, { headers: withCookie(again.cookie), maxRedirects: 0 });
    expectPrivateNoStore(response.headers()['cache-control'], page);
  }
});

test('no GET, prefetch or not, changes a login: logging out, rotating and revoking need a POST or DELETE', async ({ request }) => {
  const user = await signUp(request);
  const session = await sessionLogin(request, user);
  const tokens = await jwtLogin(request, user);
  const prefetch = { 'next-router-prefetch': '1', purpose: 'prefetch', 'sec-purpose': 'prefetch' };
  const credentials = { ...withCookie(`${session.cookie}; refresh_token=${tokens.refresh_token}; __Secure-refresh_token=${tokens.refresh_token}`) };
  for (const path of ['/api/auth/session/logout', '/api/auth/jwt/logout', '/api/auth/jwt/refresh', '/api/auth/session/login', '/api/auth/jwt/login', '/api/me/sessions']) {
    for (const headers of [credentials, { ...credentials, ...prefetch }]) {
      const response = await request.get(path, { headers });
      expect([200, 405], `GET ${path}`).toContain(response.status());
    }
  }
  for (const page of ['/', '/me', '/settings', '/login?loggedOut=1', '/login?expired=1']) {
    await request.get(page, { headers: { ...credentials, ...prefetch } });
  }
  // Both logins are as they were: the session works, and the refresh token was never used.
  expect((await request.get('/api/me', { headers: withCookie(session.cookie) })).status()).toBe(200);
  const rotated = await refresh(request, tokens.refresh_token);
  expect(rotated.status(), await rotated.text()).toBe(200);
  expect((await rotated.json()).refresh_token).not.toBe(tokens.refresh_token);
});

test('right after a revocation nothing mints, lists or changes anything for that login', async ({ request }) => {
  const user = await signUp(request);
  const owner = await sessionLogin(request, user);
  const victim = await sessionLogin(request, user);
  const tokens = await jwtLogin(request, user);
  const revoked = await request.delete('/api/me/sessions', { headers: withCookie(owner.cookie) });
  expect(revoked.status(), await revoked.text()).toBe(200);

  const asVictim = withCookie(victim.cookie);
  await expectError(await request.get('/api/me', { headers: asVictim }), 401, 'unauthenticated');
  await expectError(await request.get('/api/me/sessions', { headers: asVictim }), 401, 'unauthenticated');
  await expectError(await request.patch('/api/me', { headers: asVictim, data: { name: 'Mallory' } }), 401, 'unauthenticated');
  await expectError(await request.post('/api/me/password', { headers: asVictim, data: { currentPassword: user.password, newPassword: 'a-new-password-1' } }), 401, 'unauthenticated');
  await expectError(await request.delete('/api/me/sessions', { headers: asVictim }), 401, 'unauthenticated');
  await expectError(await request.post('/api/jobs/seed-acme-support/applications', { headers: asVictim }), 401, 'unauthenticated');
  // The JWT login: its refresh is refused, so no new access token is ever minted for it.
  await expectError(await refresh(request, tokens.refresh_token), 401, 'invalid_token');
  // Its current access token lives until exp (the documented JWT trade-off) but cannot mint or take over anything.
  await expectError(await request.post('/api/me/password', { headers: bearer(tokens.access_token), data: { currentPassword: 'wrong', newPassword: 'a-new-password-1' } }), 403, 'invalid_current_password');
  expect((await request.get('/api/me', { headers: withCookie(owner.cookie) })).status()).toBe(200);
  const me = await (await request.get('/api/me', { headers: withCookie(owner.cookie) })).json();
  expect(me.user.name).not.toBe('Mallory');
});

test('a revocation racing refreshes leaves no live credential of the revoked logins', async ({ request }) => {
  const user = await signUp(request);
  const owner = await sessionLogin(request, user);
  const victim = await sessionLogin(request, user);
  const tokens = await jwtLogin(request, user);
  const [revoked, ...refreshes] = await Promise.all([
    request.delete('/api/me/sessions', { headers: withCookie(owner.cookie) }),
    ...Array.from({ length: 5 }, () => refresh(request, tokens.refresh_token)),
  ]);
  expect(revoked!.status()).toBe(200);
  await expectError(await request.get('/api/me', { headers: withCookie(victim.cookie) }), 401, 'unauthenticated');
  // Whichever refresh won its race against the revocation, the successor it got is dead now.
  for (const response of refreshes) {
    if (response.status() !== 200) continue;
    await expectError(await refresh(request, (await response.json()).refresh_token), 401, 'invalid_token');
  }
  const logins = await (await request.get('/api/me/sessions', { headers: withCookie(owner.cookie) })).json();
  expect(logins.sessions.filter((login: { current: boolean }) => !login.current)).toEqual([]);
});
