import {
  bearer,
  decodeJwt,
  expect,
  expectError,
  jwtLogin,
  refresh,
  sessionLogin,
  signUp,
  test,
  withCookie,
} from '../support/api';

type Login = { id: string; kind: 'session' | 'jwt'; userAgent: string | null; ip: string | null; createdAt: string; lastUsedAt: string; expiresAt: string; current: boolean };

test.describe('GET /api/me/sessions', () => {
  test('lists the active logins of both kinds, marks the caller’s, and nobody else’s', async ({ request }) => {
    const user = await signUp(request);
    const stranger = await signUp(request);
    const laptop = await sessionLogin(request, user, { 'user-agent': 'Laptop browser', 'x-forwarded-for': '198.51.100.7' });
    const cli = await jwtLogin(request, user, { 'user-agent': 'curl/8' });
    await sessionLogin(request, stranger);
    const cliFamily = String(decodeJwt(cli.refresh_token).claims.fid);

    const bySession: Login[] = (await (await request.get('/api/me/sessions', { headers: withCookie(laptop.cookie) })).json()).sessions;
    expect(bySession.map((login) => login.id).sort()).toEqual([laptop.body.session.id, cliFamily].sort());
    expect(bySession.find((login) => login.kind === 'session')).toMatchObject({ id: laptop.body.session.id, current: true, userAgent: 'Laptop browser', ip: '198.51.100.7' });
    expect(bySession.find((login) => login.kind === 'jwt')).toMatchObject({ id: cliFamily, current: false, userAgent: 'curl/8' });
    // Without a header of its own, a request comes from the test's address (tests/support/api.ts).
    expect(bySession.find((login) => login.kind === 'jwt')?.ip).toMatch(/^10\.\d+\.\d+\.\d+$/);

    const byToken: Login[] = (await (await request.get('/api/me/sessions', { headers: bearer(cli.access_token) })).json()).sessions;
    expect(byToken.filter((login) => login.current).map((login) => login.id)).toEqual([cliFamily]);
  });

  test('a refresh family stays one entry across rotations, and ended logins drop out', async ({ request }) => {
    const user = await signUp(request);
    const current = await sessionLogin(request, user);
    const cli = await jwtLogin(request, user);
    const family = String(decodeJwt(cli.refresh_token).claims.fid);
    const rotated = await (await refresh(request, cli.refresh_token)).json();
    await (await refresh(request, rotated.refresh_token)).json();
    const other = await sessionLogin(request, user);
    await request.post('/api/auth/session/logout', { headers: withCookie(other.cookie) });

    const logins: Login[] = (await (await request.get('/api/me/sessions', { headers: withCookie(current.cookie) })).json()).sessions;
    expect(logins.map((login) => login.id).sort()).toEqual([current.body.session.id, family].sort());
  });
});

test.describe('DELETE /api/me/sessions/{id}', () => {
  test('ends one of the caller’s own session logins', async ({ request }) => {
    const user = await signUp(request);
    const current = await sessionLogin(request, user);
    const other = await sessionLogin(request, user);

    const response = await request.delete(`/api/me/sessions/${other.body.session.id}`, { headers: withCookie(current.cookie) });
    expect(response.status(), await response.text()).toBe(204);
    await expectError(await request.get('/api/me', { headers: withCookie(other.cookie) }), 401, 'unauthenticated');
    expect((await request.get('/api/me', { headers: withCookie(current.cookie) })).status()).toBe(200);
  });

  test('ends a JWT login by its family id: its refresh token stops working', async ({ request }) => {
    const user = await signUp(request);
    const current = await jwtLogin(request, user);
    const other = await jwtLogin(request, user);
    const family = String(decodeJwt(other.refresh_token).claims.fid);

    const response = await request.delete(`/api/me/sessions/${family}`, { headers: bearer(current.access_token) });
    expect(response.status(), await response.text()).toBe(204);
    await expectError(await refresh(request, other.refresh_token), 401, 'invalid_token');
    expect((await refresh(request, current.refresh_token)).status()).toBe(200);
  });

  test('the caller may end its own current login', async ({ request }) => {
    const user = await signUp(request);
    const { cookie, body } = await sessionLogin(request, user);
    expect((await request.delete(`/api/me/sessions/${body.session.id}`, { headers: withCookie(cookie) })).status()).toBe(204);
    await expectError(await request.get('/api/me', { headers: withCookie(cookie) }), 401, 'unauthenticated');
  });

  test('someone else’s login, an unknown id and a malformed id are all 404, and nothing is revoked', async ({ request }) => {
    const user = await signUp(request);
    const victim = await signUp(request);
    const { cookie } = await sessionLogin(request, user);
    const victimSession = await sessionLogin(request, victim);
    const victimJwt = await jwtLogin(request, victim);
    const headers = withCookie(cookie);

    const ids = [
      victimSession.body.session.id,
      String(decodeJwt(victimJwt.refresh_token).claims.fid),
      'cabcdefghijklmnopqrstuvwx',
      'NOT-A-VALID-ID',
      'a'.repeat(65),
      'x%00y',
    ];
    const messages = new Set<string>();
    for (const id of ids) {
      const response = await request.delete(`/api/me/sessions/${id}`, { headers });
      await expectError(response, 404, 'not_found');
      if (ids.indexOf(id) < 3) messages.add((await response.json()).error.message);
    }
    // Someone else's login reads exactly like one that does not exist.
    expect(messages.size).toBe(1);
    expect((await request.get('/api/me', { headers: withCookie(victimSession.cookie) })).status()).toBe(200);
    expect((await refresh(request, victimJwt.refresh_token)).status()).toBe(200);
  });

  test('anonymous callers are 401', async ({ request, anonymous }) => {
    const user = await signUp(request);
    const { body } = await sessionLogin(request, user);
    await expectError(await anonymous.delete(`/api/me/sessions/${body.session.id}`), 401, 'unauthenticated');
    await expectError(await anonymous.delete('/api/me/sessions'), 401, 'unauthenticated');
    await expectError(await anonymous.get('/api/me/sessions'), 401, 'unauthenticated');
  });
});

test.describe('DELETE /api/me/sessions', () => {
  test('from a session: ends every other login of both kinds and says how many', async ({ request }) => {
    const user = await signUp(request);
    const current = await sessionLogin(request, user);
    const others = [await sessionLogin(request, user), await sessionLogin(request, user)];
    const tokens = [await jwtLogin(request, user), await jwtLogin(request, user)];
    // A rotated family still counts once.
    const rotated = await (await refresh(request, tokens[0]!.refresh_token)).json();
    // Already ended logins are not counted.
    const ended = await sessionLogin(request, user);
    await request.post('/api/auth/session/logout', { headers: withCookie(ended.cookie) });

    const response = await request.delete('/api/me/sessions', { headers: withCookie(current.cookie) });
    expect(response.status(), await response.text()).toBe(200);
    expect(await response.json()).toEqual({ revoked: 4 });

    for (const other of others) await expectError(await request.get('/api/me', { headers: withCookie(other.cookie) }), 401, 'unauthenticated');
    await expectError(await refresh(request, rotated.refresh_token), 401, 'invalid_token');
    await expectError(await refresh(request, tokens[1]!.refresh_token), 401, 'invalid_token');
    expect((await request.get('/api/me', { headers: withCookie(current.cookie) })).status()).toBe(200);

    const logins: Login[] = (await (await request.get('/api/me/sessions', { headers: withCookie(current.cookie) })).json()).sessions;
    expect(logins.map((login) => login.id)).toEqual([current.body.session.id]);
    expect(await (await request.delete('/api/me/sessions', { headers: withCookie(current.cookie) })).json()).toEqual({ revoked: 0 });
  });

  test('from a JWT login: its own family keeps refreshing', async ({ request }) => {
    const user = await signUp(request);
    const current = await jwtLogin(request, user);
    const session = await sessionLogin(request, user);
    const other = await jwtLogin(request, user);

    const response = await request.delete('/api/me/sessions', { headers: bearer(current.access_token) });
    expect(await response.json()).toEqual({ revoked: 2 });
    expect((await refresh(request, current.refresh_token)).status()).toBe(200);
    await expectError(await refresh(request, other.refresh_token), 401, 'invalid_token');
    await expectError(await request.get('/api/me', { headers: withCookie(session.cookie) }), 401, 'unauthenticated');
  });
});
