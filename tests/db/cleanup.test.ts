import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTempDatabase } from '../support/temp-database';

// What tests/db/credentials.test.ts leaves out about clean-up: revoked sessions and both kinds of
// refresh-token expiry go, and a rotated refresh token that has not expired stays, because reuse
// detection needs it (a clean-up that deleted it would turn a stolen token's replay into a plain
// "unknown token" and leave the thief's successor alive).

process.env.REFRESH_GRACE_SECONDS = '0';
const database = createTempDatabase();

const loadApp = async () => ({
  ...(await import('@/lib/db/client')),
  ...(await import('@/lib/auth/session')),
  ...(await import('@/lib/auth/refresh-token')),
  ...(await import('@/lib/auth/cleanup')),
});
let app: Awaited<ReturnType<typeof loadApp>>;

const client = { ip: '203.0.113.10', userAgent: 'node-test' };
let userId: string;

describe('clean-up of expired credentials', () => {
  before(async () => {
    app = await loadApp();
    userId = (await app.db().user.create({ data: { email: 'cleanup@example.com', name: 'Clean', role: 'seeker', passwordHash: 'x' } })).id;
  });
  after(async () => {
    await app.db().$disconnect();
    database.remove();
  });

  it('deletes revoked sessions and sessions past their absolute expiry', async () => {
    const revoked = await app.createSession(userId, client);
    await app.revokeSession(revoked.session.id);
    const old = await app.createSession(userId, client);
    await app.db().session.update({ where: { id: old.session.id }, data: { absoluteExpiresAt: new Date(Date.now() - 1000) } });
    const live = await app.createSession(userId, client);

    await app.deleteExpiredCredentials();

    const left = await app.db().session.findMany({ where: { userId }, select: { id: true } });
    assert.deepEqual(left.map((row) => row.id), [live.session.id]);
  });

  it('deletes refresh tokens of a family past its absolute expiry, even when the token itself has not expired', async () => {
    const family = await app.startRefreshFamily(userId, client);
    await app.db().refreshToken.updateMany({ where: { familyId: family.familyId }, data: { familyExpiresAt: new Date(Date.now() - 1000) } });
    await app.deleteExpiredCredentials();
    assert.equal(await app.db().refreshToken.count({ where: { familyId: family.familyId } }), 0);
  });

  it('keeps a rotated refresh token until it expires, so its replay is still caught afterwards', async () => {
    const first = await app.startRefreshFamily(userId, client);
    const second = await app.rotateRefreshToken(first.token, client);

    await app.deleteExpiredCredentials();
    assert.equal(await app.db().refreshToken.count({ where: { familyId: first.familyId } }), 2);

    await assert.rejects(app.rotateRefreshToken(first.token, client), /already used/);
    await assert.rejects(app.rotateRefreshToken(second.token, client), /revoked/, 'the replay revoked the whole family');
  });
});
