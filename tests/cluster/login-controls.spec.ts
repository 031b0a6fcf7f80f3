import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { basic, bearer, clockAhead, expectError, signUp, type TokenResponse } from '../support/api';
import { openInspector } from '../support/database-inspector';
import { startOwnCluster } from './own-cluster';

// The login limit and the revocation check on two instances sharing one PostgreSQL database and
// nothing else: what one instance decides, the other must honour. A cluster of this file's own,
// as these controls are off in the shared `cluster` profile.
test.describe.configure({ mode: 'serial' });

let cluster: Awaited<ReturnType<typeof startOwnCluster>>;
let onA: APIRequestContext;
let onB: APIRequestContext;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  cluster = await startOwnCluster({ env: { NODE_ENV: 'production', TEST_CLOCK: 'true', MAX_LOGINS_PER_USER: '2', ACCESS_TOKEN_REVOCATION: 'check' } });
  onA = await playwrightRequest.newContext({ baseURL: cluster.instances[0]! });
  onB = await playwrightRequest.newContext({ baseURL: cluster.instances[1]! });
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  await onA?.dispose();
  await onB?.dispose();
  await cluster?.stop();
});

async function jwtLoginOn(context: APIRequestContext, email: string, password: string, headers: Record<string, string> = {}): Promise<TokenResponse> {
  const response = await context.post('/api/auth/jwt/login', { headers: { ...basic(email, password), ...headers } });
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

test('parallel logins spread over both instances leave exactly MAX_LOGINS_PER_USER, the rest recorded as ended', async () => {
  const user = await signUp(onA);
  const contexts = [onA, onB, onA, onB, onA, onB];
  const statuses = await Promise.all(
    contexts.map(async (context, index) => {
      const mode = index % 3 === 0 ? 'session' : 'jwt';
      return (await context.post(`/api/auth/${mode}/login`, { headers: basic(user.email, user.password) })).status();
    }),
  );
  expect(statuses).toEqual(contexts.map(() => 200));

  const db = openInspector(cluster.databaseUrl);
  try {
    const sessions = Number(await db.scalar(`SELECT COUNT(*) FROM "Session" WHERE "userId" = $1 AND "revokedAt" IS NULL`, [user.id]));
    const families = Number(await db.scalar(`SELECT COUNT(DISTINCT "familyId") FROM "RefreshToken" WHERE "userId" = $1 AND "revokedAt" IS NULL`, [user.id]));
    expect(sessions + families).toBe(2);
    expect(Number(await db.scalar(`SELECT COUNT(*) FROM "AuthEvent" WHERE "userId" = $1 AND "type" = 'login_ended_by_limit'`, [user.id]))).toBe(4);
  } finally {
    await db.close();
  }
});

test('a login logged out on A: B refuses its access token 1 s later (test clock), whatever B had cached, and on the wall clock soon after', async () => {
  const user = await signUp(onA);
  const tokens = await jwtLoginOn(onA, user.email, user.password);
  // B has answered "alive" for this login and holds that answer in its cache.
  expect((await onB.get('/api/me', { headers: bearer(tokens.access_token) })).status()).toBe(200);
  expect((await onB.get('/api/me', { headers: bearer(tokens.access_token) })).status()).toBe(200);

  expect((await onA.post('/api/auth/jwt/logout', { headers: bearer(tokens.refresh_token) })).status()).toBe(204);
  const refused = await onB.get('/api/me', { headers: { ...bearer(tokens.access_token), ...clockAhead(1) } });
  await expectError(refused, 401, 'invalid_token');
  expect(refused.headers()['www-authenticate']).toContain('the login this token belongs to has ended');
  await expect.poll(async () => (await onB.get('/api/me', { headers: bearer(tokens.access_token) })).status()).toBe(401);
  expect((await onA.get('/api/me', { headers: bearer(tokens.access_token) })).status()).toBe(401);
});

test('the login limit ending a JWT login on B stops its access token on A', async () => {
  const user = await signUp(onA);
  const oldest = await jwtLoginOn(onA, user.email, user.password);
  await jwtLoginOn(onB, user.email, user.password, clockAhead(1));
  expect((await onA.get('/api/me', { headers: bearer(oldest.access_token) })).status()).toBe(200);
  await jwtLoginOn(onB, user.email, user.password, clockAhead(2));
  await expectError(await onA.get('/api/me', { headers: { ...bearer(oldest.access_token), ...clockAhead(3) } }), 401, 'invalid_token');
});
