import { randomUUID } from 'node:crypto';
import { bearer, clockAhead, expectError, jwtLogin, refresh, sessionLogin, signUp, type TokenResponse } from '../support/api';
import { openInspector } from '../support/database-inspector';
import { postgresTestServerProfiles } from '../support/servers';
import { clusterState, expect, test } from './fixtures';

// Two instances of the production build on one PostgreSQL database: whatever one instance
// decides about a login, the other must honour on its very next request.
const { env } = postgresTestServerProfiles.cluster;
// The default REFRESH_GRACE_SECONDS; the test moves past it on the test clock.
const GRACE_SECONDS = 10;
const accountLimit = Number(env.LOGIN_MAX_FAILURES_PER_ACCOUNT);

/** Each test gets its own client address, so failed logins elsewhere never count against it. */
const clientAddress = () => ({ 'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 250) + 1}` });

test('a login made on A works on B: session cookie, access token, refresh token, and the same JWKS', async ({ a, b }) => {
  const onA = await a();
  const onB = await b();
  const user = await signUp(onA);

  const { cookie, body } = await sessionLogin(onA, user);
  const me = await onB.get('/api/me', { headers: { cookie } });
  expect(me.status(), await me.text()).toBe(200);
  expect(await me.json()).toMatchObject({ user: { id: user.id }, auth: { mode: 'session', loginId: body.session.id } });

  const tokens = await jwtLogin(onA, user);
  const meJwt = await onB.get('/api/me', { headers: bearer(tokens.access_token) });
  expect(meJwt.status(), await meJwt.text()).toBe(200);
  expect(await meJwt.json()).toMatchObject({ user: { id: user.id }, auth: { mode: 'jwt' } });
  const refreshed = await refresh(onB, tokens.refresh_token);
  expect(refreshed.status(), await refreshed.text()).toBe(200);

  const [jwksA, jwksB] = await Promise.all([onA.get('/.well-known/jwks.json'), onB.get('/.well-known/jwks.json')]);
  expect((await jwksA.json()).keys.length).toBeGreaterThan(0);
  expect(await jwksB.json()).toEqual(await jwksA.json());
});

test('a token rotated on B is refused on A once the grace window is over, and that reuse ends the login everywhere', async ({ a, b }) => {
  const onA = await a();
  const onB = await b();
  const user = await signUp(onA);
  const first = await jwtLogin(onA, user);

  const rotated = await refresh(onB, first.refresh_token);
  expect(rotated.status(), await rotated.text()).toBe(200);
  const successor: TokenResponse = await rotated.json();
  expect(successor.refresh_token).not.toBe(first.refresh_token);

  const afterTheWindow = clockAhead(GRACE_SECONDS + 1);
  await expectError(await refresh(onA, first.refresh_token, afterTheWindow), 401, 'invalid_token');
  // Reuse of a rotated-away token revokes the family, so the successor is dead on both instances.
  await expectError(await refresh(onB, successor.refresh_token, afterTheWindow), 401, 'invalid_token');
  await expectError(await refresh(onA, successor.refresh_token, afterTheWindow), 401, 'invalid_token');
});

test('a session revoked on A is refused by B on its next request, though B had just accepted it', async ({ a, b }) => {
  const onA = await a();
  const onB = await b();
  const user = await signUp(onA);
  const phone = await sessionLogin(onA, user);
  const laptop = await sessionLogin(onA, user);

  // B has seen the cookie (and cached its unsealing) before the revocation.
  expect((await onB.get('/api/me', { headers: { cookie: phone.cookie } })).status()).toBe(200);
  const revoked = await onA.delete(`/api/me/sessions/${phone.body.session.id}`, { headers: { cookie: laptop.cookie } });
  expect(revoked.status(), await revoked.text()).toBe(204);

  await expectError(await onB.get('/api/me', { headers: { cookie: phone.cookie } }), 401, 'unauthenticated');
  expect((await onB.get('/api/me', { headers: { cookie: laptop.cookie } })).status(), 'the other session lives on').toBe(200);

  // Logging out on A ends the session for B too.
  expect((await onA.post('/api/auth/session/logout', { headers: { cookie: laptop.cookie } })).status()).toBe(204);
  await expectError(await onB.get('/api/me', { headers: { cookie: laptop.cookie } }), 401, 'unauthenticated');
});

test('a JWT login revoked on A cannot refresh on B', async ({ a, b }) => {
  const onA = await a();
  const onB = await b();
  const user = await signUp(onA);
  const { cookie } = await sessionLogin(onA, user);
  const tokens = await jwtLogin(onB, user);
  const logins = await (await onA.get('/api/me/sessions', { headers: { cookie } })).json();
  const jwtLoginRow = logins.sessions.find((login: { kind: string }) => login.kind === 'jwt');
  expect(jwtLoginRow, JSON.stringify(logins)).toBeTruthy();

  expect((await onA.delete(`/api/me/sessions/${jwtLoginRow.id}`, { headers: { cookie } })).status()).toBe(204);
  await expectError(await refresh(onB, tokens.refresh_token), 401, 'invalid_token');
});

test('a password change on B logs out the other logins made on A, of both kinds, and keeps the current one', async ({ a, b }) => {
  const onA = await a();
  const onB = await b();
  const user = await signUp(onA);
  const sessionOnA = await sessionLogin(onA, user);
  const jwtOnA = await jwtLogin(onA, user);
  const current = await sessionLogin(onB, user);

  const changed = await onB.post('/api/me/password', {
    headers: { cookie: current.cookie },
    data: { currentPassword: user.password, newPassword: `new-${randomUUID()}` },
  });
  expect(changed.status(), await changed.text()).toBe(204);

  await expectError(await onA.get('/api/me', { headers: { cookie: sessionOnA.cookie } }), 401, 'unauthenticated');
  await expectError(await refresh(onA, jwtOnA.refresh_token), 401, 'invalid_token');
  expect((await onA.get('/api/me', { headers: { cookie: current.cookie } })).status(), 'the login that changed it stays').toBe(200);
});

test('one refresh token sent to both instances at once: one successor for all, nobody logged out', async ({ a, b }) => {
  const user = await signUp(await a());
  const first = await jwtLogin(await a(), user);

  const contexts = await Promise.all([a(), b(), a(), b(), a(), b()]);
  const responses = await Promise.all(contexts.map((context) => refresh(context, first.refresh_token)));
  for (const response of responses) expect(response.status(), await response.text()).toBe(200);
  const successors = new Set(await Promise.all(responses.map(async (response) => ((await response.json()) as TokenResponse).refresh_token)));
  expect(successors.size, 'exactly one successor').toBe(1);

  // The successor is alive on both instances: the race revoked nothing.
  // And in the shared database: the first token and one successor, neither revoked.
  const familyId = JSON.parse(Buffer.from(first.access_token.split('.')[1]!, 'base64url').toString()).sid;
  const db = openInspector(clusterState().databaseUrl);
  try {
    expect(Number(await db.scalar('SELECT COUNT(*) FROM "RefreshToken" WHERE "familyId" = $1', [familyId]))).toBe(2);
    expect(Number(await db.scalar('SELECT COUNT(*) FROM "RefreshToken" WHERE "familyId" = $1 AND "revokedAt" IS NOT NULL', [familyId]))).toBe(0);
  } finally {
    await db.close();
  }

  const [successor] = [...successors];
  const next = await refresh(await b(), successor!);
  expect(next.status(), await next.text()).toBe(200);
  const nextTokens: TokenResponse = await next.json();
  expect((await (await a()).get('/api/me', { headers: bearer(nextTokens.access_token) })).status()).toBe(200);
});

test('failed logins are counted across both instances, also when they arrive at once', async ({ a, b }) => {
  const user = await signUp(await a());
  const headers = clientAddress();
  const attempt = async (instance: typeof a, password: string) =>
    (await instance()).post('/api/auth/session/login', { data: { email: user.email, password }, headers });

  // Half the limit on each instance: neither alone has seen enough to refuse.
  const half = accountLimit / 2;
  const failures = await Promise.all([
    ...Array.from({ length: half }, () => attempt(a, 'wrong-password')),
    ...Array.from({ length: half }, () => attempt(b, 'wrong-password')),
  ]);
  for (const failure of failures) await expectError(failure, 401, 'invalid_credentials');

  for (const instance of [a, b]) {
    const refused = await attempt(instance, user.password);
    await expectError(refused, 429, 'rate_limited');
    expect(Number(refused.headers()['retry-after'])).toBeGreaterThan(0);
  }
});

test('a session works through the front door, whichever instance each request lands on', async ({ frontDoor }) => {
  const door = await frontDoor();
  const user = await signUp(door);
  const { cookie } = await sessionLogin(door, user);
  // Round robin: consecutive requests alternate between the instances; each must accept the cookie.
  for (let i = 0; i < 4; i += 1) {
    const me = await door.get('/api/me', { headers: { cookie } });
    expect(me.status(), await me.text()).toBe(200);
  }
});
