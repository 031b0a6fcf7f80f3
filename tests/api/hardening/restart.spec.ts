import { expect, test } from '@playwright/test';
import { basic, bearer, DEMO_PASSWORD, demoAccounts, type TokenResponse } from '../../support/api';
import { countWhere, openDatabase } from '../../support/attack-db';
import { rawRequest } from '../../support/attack-http';
import { createOwnServer, type OwnServer } from '../../support/attack-server';

// Logins are state in the database and secrets in a file, not in the process: a server killed
// mid-flight and started again honours every credential it handed out. The first login of the
// new process also runs the clean-up of expired credentials.

test.describe('a server killed and restarted', () => {
  test.setTimeout(180_000);
  let server: OwnServer;

  test.beforeAll(async () => {
    server = await createOwnServer();
    await server.start();
  });
  test.afterAll(async () => {
    await server?.stop('SIGTERM');
    server?.remove();
  });

  test('keeps session cookies, access tokens and refresh tokens working; clean-up runs after the next login', async () => {
    const base = server.baseUrl;
    const login = (path: string, email: string) => rawRequest(base, { method: 'POST', path, headers: basic(email, DEMO_PASSWORD) });

    const session = await login('/api/auth/session/login', demoAccounts.alice);
    const jwt = await login('/api/auth/jwt/login', demoAccounts.acme);
    expect([session.status(), jwt.status()]).toEqual([200, 200]);
    const cookie = (session.headers()['set-cookie'] ?? '').split(';')[0]!;
    const tokens = (await jwt.json()) as TokenResponse;
    // Two more logins, to be made expired behind the server's back while it is down.
    const doomedSession = (await (await login('/api/auth/session/login', demoAccounts.bob)).json()) as { session: { id: string } };
    const doomedFamily = ((await (await login('/api/auth/jwt/login', demoAccounts.globex)).json()) as TokenResponse).access_token;
    const doomedFamilyId = (JSON.parse(Buffer.from(doomedFamily.split('.')[1]!, 'base64url').toString()) as { sid: string }).sid;

    // Killed without a chance to flush or close anything.
    await server.stop('SIGKILL');

    const database = openDatabase(server.databaseFile);
    try {
      const past = '2000-01-01T00:00:00.000+00:00';
      await database.execute({ sql: 'UPDATE "Session" SET "idleExpiresAt" = ? WHERE id = ?', args: [past, doomedSession.session.id] });
      await database.execute({ sql: 'UPDATE "RefreshToken" SET "expiresAt" = ? WHERE "familyId" = ?', args: [past, doomedFamilyId] });

      await server.start();

      expect((await rawRequest(base, { path: '/api/me', headers: { cookie } })).status()).toBe(200);
      expect((await rawRequest(base, { path: '/api/me', headers: bearer(tokens.access_token) })).status()).toBe(200);
      const refreshed = await rawRequest(base, { method: 'POST', path: '/api/auth/jwt/refresh', headers: bearer(tokens.refresh_token) });
      expect(refreshed.status(), await refreshed.text()).toBe(200);
      const next = (await refreshed.json()) as TokenResponse;
      expect((await rawRequest(base, { path: '/api/me', headers: bearer(next.access_token) })).status()).toBe(200);

      // Nothing has deleted the expired rows yet: clean-up runs after logins, not on a timer.
      expect(await countWhere(database, 'Session', 'id = ?', [doomedSession.session.id])).toBe(1);
      expect(await countWhere(database, 'RefreshToken', '"familyId" = ?', [doomedFamilyId])).toBe(1);

      expect((await login('/api/auth/jwt/login', demoAccounts.bob)).status()).toBe(200);
      await expect
        .poll(async () => [
          await countWhere(database, 'Session', 'id = ?', [doomedSession.session.id]),
          await countWhere(database, 'RefreshToken', '"familyId" = ?', [doomedFamilyId]),
        ])
        .toEqual([0, 0]);
      // Live logins were left alone.
      expect((await rawRequest(base, { path: '/api/me', headers: { cookie } })).status()).toBe(200);
      const again = await rawRequest(base, { method: 'POST', path: '/api/auth/jwt/refresh', headers: bearer(next.refresh_token) });
      expect(again.status()).toBe(200);
    } finally {
      database.close();
    }
  });
});
