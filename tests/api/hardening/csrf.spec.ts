import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, demoAccounts, expectError, refreshCookieOf, sessionLogin, signUp, type TestUser } from '../../support/api';
import { rawRequest, type RawResponse } from '../../support/attack-http';
import { baseUrlOf } from '../../support/servers';

// A page on another site can make the browser send this app's cookies with a form post or fetch.
// Every state-changing request that such a page could cause must be refused (403 csrf) and
// change nothing; the app's own origin must keep working.

const base = baseUrlOf('standard');
const { port } = new URL(base);
const ownOrigin = base;

/** What another site's page makes a browser send: foreign Origins, and Sec-Fetch-Site that says so. */
const crossSiteHeaders: Record<string, Record<string, string>> = {
  'another site': { origin: 'https://evil.example' },
  'an opaque origin (sandboxed frame, data: URL)': { origin: 'null' },
  'a look-alike host (suffix)': { origin: `http://localhost:${port}.evil.com` },
  'a look-alike host (prefix)': { origin: `http://evil-localhost:${port}` },
  'another port': { origin: `http://localhost:${Number(port) + 1}` },
  'https instead of http': { origin: `https://localhost:${port}` },
  'no port': { origin: 'http://localhost' },
  'user info in the origin': { origin: `http://localhost:${port}@evil.example` },
  'Sec-Fetch-Site cross-site': { 'sec-fetch-site': 'cross-site' },
  'Sec-Fetch-Site same-site': { 'sec-fetch-site': 'same-site' },
  'own Origin but Sec-Fetch-Site cross-site': { origin: ownOrigin, 'sec-fetch-site': 'cross-site' },
};

const json = { 'content-type': 'application/json' };

type Actors = { seeker: TestUser; company: TestUser; seekerCookies: string; companyCookies: string; otherLoginId: string };

/** The state-changing requests, each carrying the caller's cookies as a browser would. */
function attacks(actors: Actors): { name: string; method: string; path: string; cookies: string; headers?: Record<string, string>; body?: string }[] {
  const login = JSON.stringify({ email: actors.seeker.email, password: actors.seeker.password });
  return [
    { name: 'session login', method: 'POST', path: '/api/auth/session/login', cookies: '', headers: json, body: login },
    { name: 'jwt login', method: 'POST', path: '/api/auth/jwt/login', cookies: '', headers: json, body: login },
    { name: 'session logout', method: 'POST', path: '/api/auth/session/logout', cookies: actors.seekerCookies },
    { name: 'jwt refresh', method: 'POST', path: '/api/auth/jwt/refresh', cookies: actors.seekerCookies },
    { name: 'jwt logout', method: 'POST', path: '/api/auth/jwt/logout', cookies: actors.seekerCookies },
    { name: 'PATCH /api/me', method: 'PATCH', path: '/api/me', cookies: actors.seekerCookies, headers: json, body: '{"name":"Pwned"}' },
    {
      name: 'password change',
      method: 'POST',
      path: '/api/me/password',
      cookies: actors.seekerCookies,
      headers: json,
      body: JSON.stringify({ currentPassword: actors.seeker.password, newPassword: 'attacker-chosen-1' }),
    },
    { name: 'revoke other logins', method: 'DELETE', path: '/api/me/sessions', cookies: actors.seekerCookies },
    { name: 'revoke one login', method: 'DELETE', path: `/api/me/sessions/${actors.otherLoginId}`, cookies: actors.seekerCookies },
    {
      name: 'post a job',
      method: 'POST',
      path: '/api/jobs',
      cookies: actors.companyCookies,
      headers: json,
      body: JSON.stringify({ title: 'Pwned job', description: 'Posted from another site', location: 'Nowhere' }),
    },
    { name: 'apply to a job', method: 'POST', path: '/api/jobs/seed-acme-support/applications', cookies: actors.seekerCookies },
  ];
}

const send = (attack: ReturnType<typeof attacks>[number], extra: Record<string, string>) =>
  rawRequest(base, {
    method: attack.method,
    path: attack.path,
    headers: { ...attack.headers, ...(attack.cookies ? { cookie: attack.cookies } : {}), ...extra },
    body: attack.body,
  });

function expectNoCors(response: RawResponse) {
  const headers = response.headers();
  expect(headers['access-control-allow-origin']).toBeUndefined();
  expect(headers['access-control-allow-credentials']).toBeUndefined();
}

/** A seeker logged in both ways (session cookie and refresh cookie), with a second login to revoke, and a company. */
async function setUp(request: Parameters<typeof signUp>[0]): Promise<Actors> {
  const seeker = await signUp(request, 'seeker');
  const company = await signUp(request, 'company');
  const session = await sessionLogin(request, seeker);
  const jwt = await request.post('/api/auth/jwt/login', { data: { email: seeker.email, password: seeker.password } });
  expect(jwt.status()).toBe(200);
  const other = await sessionLogin(request, seeker);
  const companySession = await sessionLogin(request, company);
  return {
    seeker,
    company,
    seekerCookies: `${session.cookie}; ${refreshCookieOf(jwt)}`,
    companyCookies: companySession.cookie,
    otherLoginId: other.body.session.id,
  };
}

test.describe('cross-site requests with the victim’s cookies', () => {
  test('are refused with 403 and change nothing', async ({ request }) => {
    const actors = await setUp(request);
    const sessionsBefore = await (await rawRequest(base, { path: '/api/me/sessions', headers: { cookie: actors.seekerCookies } })).json();

    for (const attack of attacks(actors)) {
      for (const [label, headers] of Object.entries(crossSiteHeaders)) {
        await test.step(`${attack.name} from ${label}`, async () => {
          const response = await send(attack, headers);
          await expectError(response, 403, 'csrf');
          expect(response.headers()['set-cookie']).toBeUndefined();
          expectNoCors(response);
        });
      }
    }

    // Nothing happened: same name, same logins, no posting, no application, the old password.
    const me = (await (await rawRequest(base, { path: '/api/me', headers: { cookie: actors.seekerCookies } })).json()) as { user: { name: string } };
    expect(me.user.name).toBe(actors.seeker.name);
    expect(await (await rawRequest(base, { path: '/api/me/sessions', headers: { cookie: actors.seekerCookies } })).json()).toEqual(sessionsBefore);
    const counts = (await (await rawRequest(base, { path: '/api/company/applicant-counts', headers: { cookie: actors.companyCookies } })).json()) as { postings: unknown[] };
    expect(counts.postings).toEqual([]);
    const jobs = (await (await rawRequest(base, { path: '/api/jobs', headers: { cookie: actors.seekerCookies } })).json()) as { postings: { id: string; applied: boolean }[] };
    expect(jobs.postings.find((posting) => posting.id === 'seed-acme-support')?.applied).toBe(false);
    await sessionLogin(request, actors.seeker);
  });

  test('pass from the app’s own origin', async ({ request }) => {
    const actors = await setUp(request);
    const sameOrigin = { origin: ownOrigin, 'sec-fetch-site': 'same-origin' };
    // In this order each request still has a live login to act with.
    const expected: [string, number][] = [
      ['session login', 200],
      ['jwt login', 200],
      ['PATCH /api/me', 200],
      ['jwt refresh', 200],
      ['revoke one login', 204],
      ['post a job', 201],
      ['apply to a job', 201],
      ['jwt logout', 204],
      ['revoke other logins', 200],
      ['password change', 204],
      ['session logout', 204],
    ];
    const byName = new Map(attacks(actors).map((attack) => [attack.name, attack]));
    for (const [name, status] of expected) {
      const response = await send(byName.get(name)!, sameOrigin);
      expect(response.status(), `${name}: ${await response.text()}`).toBe(status);
      expectNoCors(response);
    }
    // A request with no Origin and no Sec-Fetch-Site is not from a browser page: allowed.
    const plain = await rawRequest(base, {
      method: 'POST',
      path: '/api/auth/session/login',
      headers: json,
      body: JSON.stringify({ email: demoAccounts.bob, password: DEMO_PASSWORD }),
    });
    expect(plain.status()).toBe(200);
  });

  test('no CORS headers for foreign origins, on reads and on preflights', async ({ request }) => {
    const { cookie } = await sessionLogin(request, { email: demoAccounts.alice, password: DEMO_PASSWORD });
    for (const path of ['/api/me', '/api/jobs', '/api/me/sessions', '/api/auth/session/login', '/api/auth/jwt/refresh', '/api/health']) {
      for (const origin of ['https://evil.example', 'null', `http://localhost:${port}.evil.com`]) {
        const read = await rawRequest(base, { path, headers: { cookie, origin } });
        expectNoCors(read);
        const preflight = await rawRequest(base, {
          method: 'OPTIONS',
          path,
          headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
        });
        expect(preflight.status()).toBeLessThan(500);
        expectNoCors(preflight);
        expect(preflight.headers()['access-control-allow-methods']).toBeUndefined();
        expect(preflight.headers()['access-control-allow-headers']).toBeUndefined();
      }
    }
  });
});
