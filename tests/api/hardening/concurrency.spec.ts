import { expect, test } from '@playwright/test';
import { basic, bearer, expectError, jwtLogin, sessionLogin, signUp, type TestUser, type TokenResponse } from '../../support/api';
import { countWhere, openDatabase } from '../../support/attack-db';
import { loopbackAddress, rawRequest, type RawResponse } from '../../support/attack-http';
import { baseUrlOf, databaseFileOf } from '../../support/servers';

// SQLite with WAL and a busy timeout under parallel writers: no request fails, no row is lost,
// and the unique indexes (not locks) decide races.

const base = baseUrlOf('standard');
const json = { 'content-type': 'application/json' };

const loginIdOf = (tokens: TokenResponse) =>
  (JSON.parse(Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString()) as { sid: string }).sid;

async function createPosting(request: Parameters<typeof signUp>[0], company: TestUser, title: string): Promise<string> {
  const tokens = await jwtLogin(request, company);
  const response = await request.post('/api/jobs', {
    headers: bearer(tokens.access_token),
    data: { title, description: 'A posting for the concurrency tests.', location: 'Remote' },
  });
  expect(response.status()).toBe(201);
  return (await response.json()).posting.id;
}

test.describe('concurrency', () => {
  test.setTimeout(120_000);

  test('a burst of 200 parallel logins, refreshes, applications and PATCHes: no 5xx, no lost rows', async ({ request }) => {
    const SEEKERS = 10;
    const seekers = await Promise.all(Array.from({ length: SEEKERS }, () => signUp(request, 'seeker')));
    const company = await signUp(request, 'company');
    const postings: string[] = [];
    for (let i = 0; i < 5; i += 1) postings.push(await createPosting(request, company, `Burst posting ${i}`));
    // Per seeker: a session to PATCH with, and five JWT logins to refresh once each.
    const sessions = await Promise.all(seekers.map((seeker) => sessionLogin(request, seeker)));
    const families: TokenResponse[][] = [];
    for (const seeker of seekers) families.push(await Promise.all(Array.from({ length: 5 }, () => jwtLogin(request, seeker))));

    const burst: { kind: string; seeker: number; send: () => Promise<RawResponse> }[] = [];
    seekers.forEach((seeker, s) => {
      for (let i = 0; i < 5; i += 1) {
        burst.push({
          kind: 'login',
          seeker: s,
          send: () =>
            i % 2 === 0
              ? rawRequest(base, { method: 'POST', path: '/api/auth/session/login', headers: json, body: JSON.stringify({ email: seeker.email, password: seeker.password }) })
              : rawRequest(base, { method: 'POST', path: '/api/auth/jwt/login', headers: basic(seeker.email, seeker.password) }),
        });
        burst.push({ kind: 'refresh', seeker: s, send: () => rawRequest(base, { method: 'POST', path: '/api/auth/jwt/refresh', headers: bearer(families[s]![i]!.refresh_token) }) });
        burst.push({ kind: 'apply', seeker: s, send: () => rawRequest(base, { method: 'POST', path: `/api/jobs/${postings[i]}/applications`, headers: { cookie: sessions[s]!.cookie } }) });
        burst.push({
          kind: 'patch',
          seeker: s,
          send: () => rawRequest(base, { method: 'PATCH', path: '/api/me', headers: { ...json, ...bearer(families[s]![i]!.access_token) }, body: JSON.stringify({ name: `Burst ${s}-${i}` }) }),
        });
      }
    });
    expect(burst).toHaveLength(200);

    const results = await Promise.all(burst.map(async (item) => ({ ...item, response: await item.send() })));
    const expected: Record<string, number> = { login: 200, refresh: 200, apply: 201, patch: 200 };
    const failures = [];
    for (const result of results) {
      if (result.response.status() !== expected[result.kind]) failures.push(`${result.kind} ${result.response.status()} ${await result.response.text()}`);
    }
    expect(failures).toEqual([]);

    const database = openDatabase(databaseFileOf('standard'));
    try {
      const ids = seekers.map((seeker) => seeker.id);
      const inSeekers = `"userId" IN (${ids.map(() => '?').join(',')})`;
      // 1 session per seeker before, plus the 3 session logins each in the burst.
      expect(await countWhere(database, 'Session', inSeekers, ids)).toBe(SEEKERS * (1 + 3));
      // 5 families per seeker before, each rotated once, plus 2 new families each from the burst.
      expect(await countWhere(database, 'RefreshToken', inSeekers, ids)).toBe(SEEKERS * (5 * 2 + 2));
      expect(await countWhere(database, 'RefreshToken', `${inSeekers} AND "parentId" IS NULL`, ids)).toBe(SEEKERS * (5 + 2));
      expect(await countWhere(database, 'Application', `"seekerId" IN (${ids.map(() => '?').join(',')})`, ids)).toBe(SEEKERS * 5);
      expect(await countWhere(database, 'AuthEvent', `${inSeekers} AND type = 'login'`, ids)).toBe(SEEKERS * (1 + 5 + 5));
      expect(await countWhere(database, 'AuthEvent', `${inSeekers} AND type = 'refresh'`, ids)).toBe(SEEKERS * 5);
    } finally {
      database.close();
    }
    for (const [s, session] of sessions.entries()) {
      const me = (await (await rawRequest(base, { path: '/api/me', headers: { cookie: session.cookie } })).json()) as { user: { name: string } };
      expect(me.user.name).toMatch(new RegExp(`^Burst ${s}-[0-4]$`));
    }
  });

  test('concurrent refreshes of one token: every caller gets the same single successor', async ({ request }) => {
    const seeker = await signUp(request, 'seeker');
    const tokens = await jwtLogin(request, seeker);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => rawRequest(base, { method: 'POST', path: '/api/auth/jwt/refresh', headers: bearer(tokens.refresh_token) })),
    );
    const successors = new Set<string>();
    for (const response of responses) {
      expect(response.status(), await response.text()).toBe(200);
      successors.add(((await response.json()) as TokenResponse).refresh_token);
    }
    expect(successors.size).toBe(1);
    const database = openDatabase(databaseFileOf('standard'));
    try {
      expect(await countWhere(database, 'RefreshToken', '"familyId" = ?', [loginIdOf(tokens)])).toBe(2);
      expect(await countWhere(database, 'RefreshToken', '"familyId" = ? AND "revokedAt" IS NOT NULL', [loginIdOf(tokens)])).toBe(0);
    } finally {
      database.close();
    }
    // The successor works; the login was not mistaken for a stolen token.
    const next = await rawRequest(base, { method: 'POST', path: '/api/auth/jwt/refresh', headers: bearer([...successors][0]!) });
    expect(next.status()).toBe(200);
  });

  test('concurrent applications of one seeker to one posting: one 201, the rest 409, one row', async ({ request }) => {
    const company = await signUp(request, 'company');
    const posting = await createPosting(request, company, 'Race posting');
    const seeker = await signUp(request, 'seeker');
    const { cookie } = await sessionLogin(request, seeker);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => rawRequest(base, { method: 'POST', path: `/api/jobs/${posting}/applications`, headers: { cookie } })),
    );
    const created = responses.filter((response) => response.status() === 201);
    expect(created).toHaveLength(1);
    for (const response of responses.filter((r) => r.status() !== 201)) await expectError(response, 409, 'already_applied');
    const database = openDatabase(databaseFileOf('standard'));
    try {
      expect(await countWhere(database, 'Application', '"postingId" = ? AND "seekerId" = ?', [posting, seeker.id])).toBe(1);
    } finally {
      database.close();
    }
  });

  test('concurrent signups with one email (in any case): one 201, the rest 409', async () => {
    const email = `race-${Date.now()}@test.example`;
    const spellings = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? email : email.toUpperCase()));
    const responses = await Promise.all(
      spellings.map((spelling) =>
        rawRequest(base, { method: 'POST', path: '/api/auth/signup', headers: json, body: JSON.stringify({ email: spelling, password: 'race-password-1', name: 'Race', role: 'seeker' }) }),
      ),
    );
    expect(responses.filter((response) => response.status() === 201)).toHaveLength(1);
    for (const response of responses.filter((r) => r.status() !== 201)) await expectError(response, 409, 'email_taken');
    const database = openDatabase(databaseFileOf('standard'));
    try {
      expect(await countWhere(database, 'User', 'email = ?', [email])).toBe(1);
    } finally {
      database.close();
    }
  });

  test('a logout racing a refresh leaves no live successor behind', async ({ request }) => {
    const seeker = await signUp(request, 'seeker');
    const outcomes: string[] = [];
    for (let trial = 0; trial < 30; trial += 1) {
      const tokens = await jwtLogin(request, seeker);
      // Staggered by up to 3 ms, so the logout lands before, during and after the rotation.
      const [logout, rotation] = await Promise.all([
        new Promise((resolve) => setTimeout(resolve, trial % 4)).then(() =>
          rawRequest(base, { method: 'POST', path: '/api/auth/jwt/logout', headers: bearer(tokens.refresh_token) }),
        ),
        rawRequest(base, { method: 'POST', path: '/api/auth/jwt/refresh', headers: bearer(tokens.refresh_token) }),
      ]);
      expect(logout.status()).toBe(204);
      if (rotation.status() !== 200) {
        await expectError(rotation, 401, 'invalid_token');
        outcomes.push('refused');
        continue;
      }
      const successor = ((await rotation.json()) as TokenResponse).refresh_token;
      const afterLogout = await rawRequest(base, { method: 'POST', path: '/api/auth/jwt/refresh', headers: bearer(successor) });
      outcomes.push(afterLogout.status() === 401 ? 'successor revoked' : `successor still works (${afterLogout.status()})`);
    }
    expect(outcomes.filter((outcome) => outcome.startsWith('successor still works'))).toEqual([]);
  });

  test('logins with the old password racing a password change do not survive it', async ({ request }) => {
    test.setTimeout(180_000);
    const survivors: string[] = [];
    for (let trial = 0; trial < 20; trial += 1) {
      const user = await signUp(request, 'seeker');
      // An address per trial: the old password fails a lot here, and the throttle counts that.
      const client = { 'x-forwarded-for': `10.${loopbackAddress().slice(4)}` };
      const owner = await sessionLogin(request, user, client);
      const loginWith = (path: string) =>
        rawRequest(base, { method: 'POST', path, headers: { ...json, ...client }, body: JSON.stringify({ email: user.email, password: user.password }) });
      const [change, ...logins] = await Promise.all([
        rawRequest(base, {
          method: 'POST',
          path: '/api/me/password',
          headers: { ...json, ...client, cookie: owner.cookie },
          body: JSON.stringify({ currentPassword: user.password, newPassword: `${user.password}-new` }),
        }),
        ...Array.from({ length: 10 }, (_, i) =>
          new Promise((resolve) => setTimeout(resolve, i % 5)).then(() => loginWith(i % 2 === 0 ? '/api/auth/session/login' : '/api/auth/jwt/login')),
        ),
      ]);
      expect(change!.status()).toBe(204);
      for (const [i, login] of logins.entries()) {
        if (login.status() !== 200) {
          await expectError(login, 401, 'invalid_credentials');
          continue;
        }
        const stillWorks =
          i % 2 === 0
            ? await rawRequest(base, { path: '/api/me', headers: { cookie: (login.headers()['set-cookie'] ?? '').split(';')[0]! } })
            : await rawRequest(base, { method: 'POST', path: '/api/auth/jwt/refresh', headers: bearer(((await login.json()) as TokenResponse).refresh_token) });
        if (stillWorks.status() !== 401) survivors.push(`trial ${trial}, login ${i}: ${stillWorks.status()}`);
      }
    }
    expect(survivors).toEqual([]);
  });
});
