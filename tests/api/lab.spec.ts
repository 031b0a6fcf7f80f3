import type { APIRequestContext, APIResponse } from '@playwright/test';
import { bearer, cookieOf, decodeJwt, expectError, jwtLogin, queryServerDb, refresh, sessionLogin, setCookieLine, signUp, test, expect } from '../support/api';
import { baseUrlOf } from '../support/servers';

// The lab's endpoints (docs/api.md, Lab): throwaway accounts with logins of both modes that never
// touch a real login's cookies, the twin endpoints that read only the lab cookie, and the bounds
// that keep the lab from filling the database.

type LabLogins = {
  account: { id: string; email: string; expiresAt: string };
  logins: ({ mode: 'session'; loginId: string; cookieBytes: number } | { mode: 'jwt'; loginId: string; access_token: string; refresh_token: string; expires_in: number })[];
};

async function labLogins(request: APIRequestContext, modes: string[]) {
  const response = await request.post('/api/lab/logins', { data: { modes } });
  expect(response.status(), await response.text()).toBe(201);
  const body: LabLogins = await response.json();
  const jwts = body.logins.flatMap((login) => (login.mode === 'jwt' ? [login] : []));
  const cookie = modes.includes('session') ? cookieOf(response, /lab_session=/) : null;
  return { response, body, jwts, cookie };
}

const queriesOf = (response: APIResponse) => Number(/desc="(\d+) quer/.exec(response.headers()['server-timing'] ?? '')?.[1]);

test('a lab login sets only the lab-scoped cookie, and its twin endpoint reads only that cookie', async ({ request, anonymous }) => {
  const { response, body, jwts, cookie } = await labLogins(request, ['session', 'jwt']);
  expect(body.account.email).toMatch(/^lab-[0-9a-f-]+@lab\.auth-modes\.invalid$/);
  const setCookies = response.headersArray().filter((header) => header.name.toLowerCase() === 'set-cookie');
  expect(setCookies).toHaveLength(1);
  const line = setCookieLine(response, 'lab_session');
  expect(line).toMatch(/; Path=\/api\/lab(;|$)/);
  expect(line).toMatch(/HttpOnly/i);
  expect(line).toMatch(/SameSite=strict/i);
  expect(body.logins[0]).toMatchObject({ mode: 'session', cookieBytes: Buffer.byteLength(cookie!) });

  const bySession = await anonymous.get('/api/lab/me', { headers: { cookie: cookie! } });
  expect(bySession.status()).toBe(200);
  expect(await bySession.json()).toMatchObject({ mode: 'session', userId: body.account.id, loginId: body.logins[0]!.loginId });
  expect(queriesOf(bySession)).toBeGreaterThanOrEqual(1);
  expect(bySession.headers()['x-instance']).toMatch(/\S+/);

  const byToken = await anonymous.get('/api/lab/me', { headers: bearer(jwts[0]!.access_token) });
  expect(await byToken.json()).toMatchObject({ mode: 'jwt', userId: body.account.id, loginId: jwts[0]!.loginId });
  expect(queriesOf(byToken)).toBe(0);
  await expectError(await anonymous.get('/api/lab/me'), 401, 'unauthenticated');

  // The lab cookie is no real session...
  await expectError(await anonymous.get('/api/me', { headers: { cookie: cookie!.replace(/^(__Secure-)?lab_session/, '$1session') } }), 401);
  // ...and a real session cookie is not a lab cookie: the twin endpoint does not read it.
  const real = await sessionLogin(request, await signUp(request));
  await expectError(await anonymous.get('/api/lab/me', { headers: { cookie: real.cookie } }), 401, 'unauthenticated');
});

test('lab access tokens live min(server lifetime, 30 s), fixed by the server', async ({ request }) => {
  const { jwts } = await labLogins(request, ['jwt']);
  const { claims } = decodeJwt(jwts[0]!.access_token);
  const lifetime = Number(claims.exp) - Number(claims.iat);
  expect(lifetime).toBe(jwts[0]!.expires_in);
  expect(lifetime).toBeGreaterThan(0);
  expect(lifetime).toBeLessThanOrEqual(30);
});

test('lab logins are validated, same-origin only, and the lab domain cannot be signed up for', async ({ request }) => {
  for (const modes of [[], ['session', 'session'], ['jwt', 'jwt', 'jwt', 'jwt'], ['cookie']]) {
    await expectError(await request.post('/api/lab/logins', { data: { modes } }), 422, 'validation_failed');
  }
  await expectError(await request.post('/api/lab/logins', { data: { modes: ['jwt'], ttl: 3600 } }), 422, 'validation_failed');
  await expectError(await request.post('/api/lab/logins', { data: 'modes=jwt', headers: { 'content-type': 'text/plain' } }), 415);
  await expectError(await request.post('/api/lab/logins', { data: { modes: ['jwt'] }, headers: { origin: 'https://evil.example' } }), 403, 'csrf');
  const signup = await request.post('/api/auth/signup', {
    data: { email: 'someone@lab.auth-modes.invalid', password: 'long enough password', name: 'Not lab', role: 'seeker' },
  });
  await expectError(signup, 422, 'validation_failed');
});

test('one client address holds a bounded number of lab accounts; deleting one frees its slot', async ({ request }) => {
  test.setTimeout(120_000);
  const made: string[] = [];
  for (;;) {
    const response = await request.post('/api/lab/logins', { data: { modes: ['jwt'] } });
    if (response.status() === 429) {
      await expectError(response, 429, 'rate_limited');
      expect(Number(response.headers()['retry-after'])).toBeGreaterThan(0);
      break;
    }
    expect(response.status()).toBe(201);
    made.push((await response.json()).logins[0].access_token);
    expect(made.length).toBeLessThanOrEqual(30);
  }
  expect(made).toHaveLength(30);
  expect((await request.delete('/api/lab/account', { headers: bearer(made[0]!) })).status()).toBe(204);
  expect((await request.post('/api/lab/logins', { data: { modes: ['jwt'] } })).status()).toBe(201);
});

test('the X-ray endpoint reports the cookie as the server set it and stores only its hash', async ({ request, anonymous, baseURL }) => {
  const { body, jwts, cookie } = await labLogins(request, ['session', 'jwt']);
  const session = await anonymous.get('/api/lab/credential', { headers: { cookie: cookie! } });
  expect(session.status()).toBe(200);
  const described = await session.json();
  expect(described).toMatchObject({ mode: 'session', cookie: { bytes: Buffer.byteLength(cookie!), httpOnly: true, sameSite: 'strict', path: '/api/lab' } });
  expect(described.stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  const rows = await queryServerDb(baseURL, 'SELECT "tokenHash" FROM "Session" WHERE "id" = $1', [body.logins[0]!.loginId]);
  expect(rows).toEqual([{ tokenHash: described.stored.tokenHash }]);
  expect(cookie).not.toContain(described.stored.tokenHash);

  const token = await anonymous.get('/api/lab/credential', { headers: bearer(jwts[0]!.access_token) });
  expect(await token.json()).toEqual({ mode: 'jwt', authorizationBytes: `Bearer ${jwts[0]!.access_token}`.length, stored: null });
});

test('lab-only endpoints refuse real accounts; deleting a lab account removes it and its logins', async ({ request, anonymous, baseURL }) => {
  const real = await jwtLogin(anonymous, await signUp(request));
  await expectError(await anonymous.delete('/api/lab/account', { headers: bearer(real.access_token) }), 403, 'forbidden');
  await expectError(await anonymous.get('/api/lab/events', { headers: bearer(real.access_token) }), 403, 'forbidden');
  await expectError(await anonymous.get('/api/lab/credential', { headers: bearer(real.access_token) }), 403, 'forbidden');

  const { body, jwts, cookie } = await labLogins(request, ['session', 'jwt']);
  const events = await anonymous.get('/api/lab/events', { headers: bearer(jwts[0]!.access_token) });
  const types = (await events.json()).events.map((event: { type: string }) => event.type);
  expect(types).toEqual(['signup', 'login', 'login']);

  expect((await anonymous.delete('/api/lab/account', { headers: { cookie: cookie! } })).status()).toBe(204);
  expect(await queryServerDb(baseURL, 'SELECT "id" FROM "User" WHERE "id" = $1', [body.account.id])).toEqual([]);
  expect(await queryServerDb(baseURL, 'SELECT "id" FROM "Session" WHERE "userId" = $1', [body.account.id])).toEqual([]);
  expect(await queryServerDb(baseURL, 'SELECT "id" FROM "AuthEvent" WHERE "userId" = $1', [body.account.id])).toEqual([]);
  await expectError(await anonymous.get('/api/lab/me', { headers: { cookie: cookie! } }), 401, 'unauthenticated');
  await expectError(await refresh(anonymous, jwts[0]!.refresh_token), 401, 'invalid_token');
});

test.describe('with the test clock (browser profile)', () => {
  test.use({ baseURL: baseUrlOf('browser') });

  test('revocation: the session is refused on its next request, the access token until exp, its refresh at once', async ({ request, anonymous }) => {
    const { jwts, cookie } = await labLogins(request, ['session', 'jwt', 'jwt']);
    const [victim, device] = jwts;
    const revoke = await anonymous.delete('/api/me/sessions', { headers: bearer(device!.access_token) });
    expect(await revoke.json()).toEqual({ revoked: 2 });

    await expectError(await anonymous.get('/api/lab/me', { headers: { cookie: cookie! } }), 401, 'unauthenticated');
    expect((await anonymous.get('/api/lab/me', { headers: bearer(victim!.access_token) })).status()).toBe(200);
    await expectError(await refresh(anonymous, victim!.refresh_token), 401, 'invalid_token');

    const clock = await anonymous.get('/api/lab/clock', { headers: { 'x-test-clock-offset': String(victim!.expires_in + 1) } });
    expect(Date.parse((await clock.json()).now)).toBeGreaterThan(Date.now() + victim!.expires_in * 1000);
    const late = await anonymous.get('/api/lab/me', { headers: { ...bearer(victim!.access_token), 'x-test-clock-offset': String(victim!.expires_in + 1) } });
    await expectError(late, 401, 'invalid_token');
    expect(late.headers()['www-authenticate']).toContain('the access token expired');
  });

  test('a replayed refresh token revokes the family; the audit trail records refresh and refresh_reuse_detected', async ({ request, anonymous }) => {
    const { jwts } = await labLogins(request, ['jwt']);
    const copy = jwts[0]!.refresh_token;
    const first = await refresh(anonymous, copy);
    expect(first.status()).toBe(200);
    const second = await refresh(anonymous, (await first.json()).refresh_token);
    expect(second.status()).toBe(200);
    const newest = await second.json();
    await expectError(await refresh(anonymous, copy), 401, 'invalid_token');
    await expectError(await refresh(anonymous, newest.refresh_token), 401, 'invalid_token');

    const events = (await (await anonymous.get('/api/lab/events', { headers: bearer(newest.access_token) })).json()).events;
    expect(events.map((event: { type: string }) => event.type)).toEqual(['signup', 'login', 'refresh', 'refresh', 'refresh_reuse_detected']);
    const times = events.map((event: { createdAt: string }) => Date.parse(event.createdAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });
});
