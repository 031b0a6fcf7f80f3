import {
  bearer,
  clockAhead,
  decodeJwt,
  expect,
  expectError,
  jwtLogin,
  queryServerDb,
  refresh,
  refreshCookieOf,
  signUp,
  test,
  type TokenResponse,
} from '../support/api';

// The servers' default, REFRESH_GRACE_SECONDS unset.
const GRACE_SECONDS = 10;

const familyOf = (token: string) => String(decodeJwt(token).claims.fid);

async function refreshed(response: Awaited<ReturnType<typeof refresh>>): Promise<TokenResponse> {
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

/** What the database says about one refresh family: its tokens' states, and the reuse events. */
async function familyState(baseURL: string | undefined, familyId: string, userId: string) {
  const tokens = await queryServerDb(baseURL, 'SELECT "usedAt", "revokedAt", "revokedReason" FROM "RefreshToken" WHERE "familyId" = $1', [familyId]);
  const reuseEvents = await queryServerDb(baseURL, `SELECT "detail" FROM "AuthEvent" WHERE "userId" = $1 AND "type" = 'refresh_reuse_detected'`, [userId]);
  return { tokens, reuseEvents };
}

test.describe('refresh rotation', () => {
  test('with the Bearer refresh token: new tokens every time, same login', async ({ request }) => {
    const user = await signUp(request);
    const login = await jwtLogin(request, user);
    const first = await refreshed(await refresh(request, login.refresh_token));
    const second = await refreshed(await refresh(request, first.refresh_token));

    const refreshTokens = [login.refresh_token, first.refresh_token, second.refresh_token];
    expect(new Set(refreshTokens).size).toBe(3);
    expect(new Set([login.access_token, first.access_token, second.access_token]).size).toBe(3);
    expect(new Set(refreshTokens.map(familyOf)).size).toBe(1);
    expect(decodeJwt(second.access_token).claims.sid).toBe(familyOf(login.refresh_token));
    expect(second.user.id).toBe(user.id);

    const me = await request.get('/api/me', { headers: bearer(second.access_token) });
    expect((await me.json()).auth).toMatchObject({ mode: 'jwt', loginId: familyOf(login.refresh_token) });
  });

  test('with the refresh cookie, as a browser does: the response sets the rotated cookie', async ({ request, anonymous }) => {
    const user = await signUp(request);
    const login = await request.post('/api/auth/jwt/login', { data: { email: user.email, password: user.password } });

    // An explicit Cookie header replaces whatever the context's jar would send.
    const rotated = await request.post('/api/auth/jwt/refresh', { headers: { cookie: refreshCookieOf(login) } });
    const body = await refreshed(rotated);
    expect(refreshCookieOf(rotated)).toBe(`__Secure-refresh_token=${body.refresh_token}`);
    expect(body.refresh_token).not.toBe((await login.json()).refresh_token);
    await refreshed(await request.post('/api/auth/jwt/refresh', { headers: { cookie: refreshCookieOf(rotated) } }));

    const none = await anonymous.post('/api/auth/jwt/refresh');
    await expectError(none, 401, 'invalid_token');
    expect((await none.json()).error.message).toMatch(/none was sent/);
  });

  test('within the grace window the previous token yields the same successor, once per rotation', async ({ request }) => {
    const user = await signUp(request);
    const login = await jwtLogin(request, user);
    const successor = await refreshed(await refresh(request, login.refresh_token));

    // A second tab, or a lost response: the same refresh token again, within 10 s.
    const replay = await refreshed(await refresh(request, login.refresh_token));
    expect(replay.refresh_token).toBe(successor.refresh_token);
    expect((await request.get('/api/me', { headers: bearer(replay.access_token) })).status()).toBe(200);

    // The successor still works, and rotating it moves the login on.
    const next = await refreshed(await refresh(request, successor.refresh_token));
    expect(next.refresh_token).not.toBe(successor.refresh_token);
  });

  test('reusing a token whose successor was already used revokes the whole login', async ({ request, baseURL }) => {
    const user = await signUp(request);
    const login = await jwtLogin(request, user);
    const first = await refreshed(await refresh(request, login.refresh_token));
    const second = await refreshed(await refresh(request, first.refresh_token));

    // An attacker replays the stolen first token, inside the grace period but after its successor moved on.
    const reuse = await refresh(request, login.refresh_token);
    await expectError(reuse, 401, 'invalid_token');
    expect((await reuse.json()).error.message).toMatch(/already used/);

    // The legitimate client's newest token is dead too.
    await expectError(await refresh(request, second.refresh_token), 401, 'invalid_token');
    const state = await familyState(baseURL, familyOf(login.refresh_token), user.id);
    expect(state.tokens).toHaveLength(3);
    for (const token of state.tokens) expect(token.revokedReason).toBe('reuse_detected');
    expect(state.reuseEvents.map((event) => event.detail)).toEqual([`family ${familyOf(login.refresh_token)}`]);
  });

  test('10 concurrent refreshes of one token create exactly one successor', async ({ request, baseURL }) => {
    const user = await signUp(request);
    const login = await jwtLogin(request, user);

    const responses = await Promise.all(Array.from({ length: 10 }, () => refresh(request, login.refresh_token)));
    const bodies = await Promise.all(responses.map(refreshed));
    expect(new Set(bodies.map((body) => body.refresh_token)).size).toBe(1);
    const successor = bodies[0]!;

    const family = familyOf(login.refresh_token);
    const rows = await queryServerDb(baseURL, 'SELECT "usedAt", "revokedAt" FROM "RefreshToken" WHERE "familyId" = $1', [family]);
    expect(rows).toHaveLength(2);
    expect(rows.filter((row) => row.usedAt === null && row.revokedAt === null)).toHaveLength(1);

    const sessions = await (await request.get('/api/me/sessions', { headers: bearer(successor.access_token) })).json();
    const live = sessions.sessions.filter((login: { id: string }) => login.id === family);
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ kind: 'jwt', current: true });

    // The one successor works, and no reuse was detected along the way.
    await refreshed(await refresh(request, successor.refresh_token));
    expect((await familyState(baseURL, family, user.id)).reuseEvents).toHaveLength(0);
  });
});

test.describe('grace window (10 s by default)', () => {
  test('reusing the previous token after the window revokes the family, newest token included, and records it', async ({ request, baseURL }) => {
    const user = await signUp(request);
    const login = await jwtLogin(request, user);
    const successor = await refreshed(await refresh(request, login.refresh_token));

    const afterTheWindow = clockAhead(GRACE_SECONDS + 1);
    await expectError(await refresh(request, login.refresh_token, afterTheWindow), 401, 'invalid_token');
    await expectError(await refresh(request, successor.refresh_token, afterTheWindow), 401, 'invalid_token');

    const family = familyOf(login.refresh_token);
    const state = await familyState(baseURL, family, user.id);
    expect(state.tokens).toHaveLength(2);
    for (const token of state.tokens) expect(token.revokedReason).toBe('reuse_detected');
    expect(state.reuseEvents.map((event) => event.detail)).toEqual([`family ${family}`]);
  });
});
