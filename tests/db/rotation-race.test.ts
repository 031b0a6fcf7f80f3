import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTempDatabase, testDatabaseProvider } from '../support/temp-database';

// The refresh rotation is one hand-written write (lib/db/hot-queries.ts) beside Prisma's own
// statements on the same connection or pool. Raced in one process against what ends a login, it
// must neither leave a live token in an ended family nor wait on a lock this process holds.

const database = createTempDatabase();

const loadApp = async () => ({
  ...(await import('@/lib/db/client')),
  ...(await import('@/lib/auth/refresh-token')),
  ...(await import('@/lib/auth/refresh-family')),
});
let app: Awaited<ReturnType<typeof loadApp>>;

const client = { ip: '203.0.113.7', userAgent: 'node-test' };
let userId: string;

describe(`refresh rotation racing a revocation in one process (${testDatabaseProvider()})`, () => {
  before(async () => {
    app = await loadApp();
    const user = await app.db().user.create({ data: { email: 'race@example.com', name: 'Race', role: 'seeker', passwordHash: 'x' } });
    userId = user.id;
  });
  after(async () => {
    await app.db().$disconnect();
    database.remove();
  });

  it('once revokeFamily has returned, no token of the family is live, whichever of the two ran first', async () => {
    let slowest = 0;
    for (let round = 0; round < 30; round += 1) {
      const { token, familyId } = await app.startRefreshFamily(userId, client);
      const started = performance.now();
      // The rotation may win (its successor must then be revoked too) or lose (refused).
      const [rotation] = await Promise.allSettled([app.rotateRefreshToken(token, client), app.revokeFamily(familyId, 'logout')]);
      slowest = Math.max(slowest, performance.now() - started);
      if (rotation.status === 'rejected') assert.match(String(rotation.reason), /revoked|already used/);
      const live = await app.db().refreshToken.count({ where: { familyId, revokedAt: null } });
      assert.equal(live, 0, `round ${round}: ${live} live token(s) after the revocation`);
    }
    // A write waiting on a lock held by this very process would stall until the busy timeout (5 s).
    assert.ok(slowest < 4_000, `slowest race took ${slowest.toFixed(0)} ms`);
  });

  it('a rotation carries the parent row’s auth_time and remember into the successor and its answer', async () => {
    const { token, authTime } = await app.startRefreshFamily(userId, client, null, false);
    const rotated = await app.rotateRefreshToken(token, client);
    assert.equal(rotated.remember, false);
    assert.equal(rotated.authTime?.getTime(), authTime?.getTime());
    const rows = await app.db().refreshToken.findMany({ where: { familyId: rotated.familyId }, orderBy: { issuedAt: 'asc' } });
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.equal(row.remember, false);
      assert.equal(row.authTime?.getTime(), authTime?.getTime());
    }
    // Dates written through the driver read back through Prisma as the same instants.
    const successor = rows.find((row) => row.parentId !== null)!;
    assert.equal(successor.expiresAt.getTime(), rotated.expiresAt.getTime());
    assert.ok(rows[0]!.usedAt instanceof Date && Math.abs(rows[0]!.usedAt.getTime() - Date.now()) < 60_000);
  });

  it('two concurrent rotations of one token write one successor and one refresh event, and both get that successor', async () => {
    const user = await app.db().user.create({ data: { email: 'audit-race@example.com', name: 'Audit', role: 'seeker', passwordHash: 'x' } });
    const { token, familyId } = await app.startRefreshFamily(user.id, client);
    const [first, second] = await Promise.all([app.rotateRefreshToken(token, client), app.rotateRefreshToken(token, client)]);
    assert.equal(first.token, second.token);
    assert.equal(await app.db().refreshToken.count({ where: { familyId } }), 2);
    const events = await app.db().authEvent.findMany({ where: { userId: user.id, type: 'refresh' } });
    assert.equal(events.length, 1);
    assert.equal(events[0]!.ip, client.ip);
  });
});
