import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTempDatabase } from '../support/temp-database';

const database = createTempDatabase();

// Imported only after the environment points at the temporary database.
const loadApp = async () => ({
  ...(await import('@/lib/db/client')),
  ...(await import('@/lib/auth/session')),
  ...(await import('@/lib/auth/refresh-token')),
  ...(await import('@/lib/auth/cleanup')),
  ...(await import('@/lib/crypto')),
});
let app: Awaited<ReturnType<typeof loadApp>>;

const client = { ip: '203.0.113.9', userAgent: 'node-test' };
let userId: string;

describe('credentials in the database', () => {
  before(async () => {
    app = await loadApp();
    const user = await app.db().user.create({
      data: { email: 'cred@example.com', name: 'Cred', role: 'seeker', passwordHash: 'x' },
    });
    userId = user.id;
  });
  after(async () => {
    await app.db().$disconnect();
    database.remove();
  });

  it('stores only the SHA-256 of a session token and finds the session by it', async () => {
    const { token, session } = await app.createSession(userId, client);
    const row = await app.db().session.findUniqueOrThrow({ where: { id: session.id } });
    assert.equal(row.tokenHash, app.sha256Hex(token));
    assert.notEqual(row.tokenHash, token);
    assert.ok(Buffer.from(token, 'base64url').length >= 16, 'at least 128 bits');
    assert.equal((await app.validateSessionToken(token))?.session.id, session.id);
    assert.equal(await app.validateSessionToken(`${token}x`), null);
    await app.revokeSession(session.id);
    assert.equal(await app.validateSessionToken(token), null, 'a revoked session is no session');
  });

  it('rotates a refresh token into exactly one successor under concurrency', async () => {
    const first = await app.startRefreshFamily(userId, client);
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => app.rotateRefreshToken(first.token, client)));
    const tokens = new Set(results.map((result) => (result.status === 'fulfilled' ? result.value.token : `rejected: ${String(result.reason)}`)));
    assert.equal(tokens.size, 1, [...tokens].join('\n'));
    const family = await app.db().refreshToken.findMany({ where: { familyId: first.familyId } });
    assert.equal(family.length, 2, 'the first token and one successor');
    assert.ok(family.every((row) => row.revokedAt === null));
  });

  it('deletes expired sessions, expired refresh tokens and spent throttle counters, and nothing else', async () => {
    const past = new Date(Date.now() - 60_000);
    const future = new Date(Date.now() + 3_600_000);
    const live = await app.createSession(userId, client);
    const expired = await app.createSession(userId, client);
    await app.db().session.update({ where: { id: expired.session.id }, data: { idleExpiresAt: past } });
    const liveFamily = await app.startRefreshFamily(userId, client);
    const oldFamily = await app.startRefreshFamily(userId, client);
    await app.db().refreshToken.updateMany({ where: { familyId: oldFamily.familyId }, data: { expiresAt: past } });
    await app.db().rateLimiterFlexible.createMany({
      data: [
        { key: 'login-account:spent', points: 3, expire: past },
        { key: 'login-account:live', points: 1, expire: future },
      ],
    });

    const deleted = await app.deleteExpiredCredentials();

    assert.ok(deleted.sessions >= 1 && deleted.refreshTokens >= 1 && deleted.throttleCounters === 1, JSON.stringify(deleted));
    assert.equal(await app.db().session.count({ where: { id: expired.session.id } }), 0);
    assert.equal(await app.db().session.count({ where: { id: live.session.id } }), 1);
    assert.equal(await app.db().refreshToken.count({ where: { familyId: oldFamily.familyId } }), 0);
    assert.equal(await app.db().refreshToken.count({ where: { familyId: liveFamily.familyId } }), 1);
    assert.deepEqual((await app.db().rateLimiterFlexible.findMany()).map((row) => row.key), ['login-account:live']);
  });
});
