import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTempDatabase } from '../support/temp-database';

// The lab's throwaway accounts cannot pile up: the clean-up deletes them (with their logins and
// audit events) once their lifetime is over, and never touches a real account, however old.

const database = createTempDatabase();

const loadApp = async () => ({
  ...(await import('@/lib/db/client')),
  ...(await import('@/lib/clock')),
  ...(await import('@/lib/auth/cleanup')),
  ...(await import('@/lib/lab/accounts')),
  ...(await import('@/lib/lab/logins')),
});
let app: Awaited<ReturnType<typeof loadApp>>;
const client = { ip: '203.0.113.20', userAgent: 'node-test' };

describe('lab accounts', () => {
  before(async () => {
    app = await loadApp();
  });
  after(async () => {
    await app.db().$disconnect();
    database.remove();
  });

  it('are swept with their logins and events after their lifetime; real accounts stay', async () => {
    const old = await app.runWithClockOffset(-(app.LAB_ACCOUNT_TTL_SECONDS + 5) * 1000, () => app.createLabAccount(client));
    await app.runWithClockOffset(-(app.LAB_ACCOUNT_TTL_SECONDS + 5) * 1000, () => app.startLabLogins(old, ['session', 'jwt'], client));
    const fresh = await app.createLabAccount(client);
    const real = await app.db().user.create({
      data: { email: 'real@example.com', name: 'Real', role: 'seeker', passwordHash: 'x', createdAt: new Date(Date.now() - 365 * 86_400_000) },
    });

    const deleted = await app.deleteExpiredCredentials();

    assert.equal(deleted.labAccounts, 1);
    const left = await app.db().user.findMany({ select: { id: true }, orderBy: { email: 'asc' } });
    assert.deepEqual(new Set(left.map((user) => user.id)), new Set([fresh.id, real.id]));
    assert.equal(await app.db().session.count({ where: { userId: old.id } }), 0);
    assert.equal(await app.db().refreshToken.count({ where: { userId: old.id } }), 0);
    assert.equal(await app.db().authEvent.count({ where: { userId: old.id } }), 0);
  });

  it('one address gets a bounded number, and a deleted account gives its slot back', async () => {
    const address = { ip: '203.0.113.21', userAgent: 'node-test' };
    const made = [];
    for (let i = 0; i < app.LAB_ACCOUNTS_PER_ADDRESS; i += 1) made.push(await app.createLabAccount(address));
    await assert.rejects(app.createLabAccount(address), /Too many lab accounts/);
    await app.deleteLabAccount(made[0]!.id);
    await app.createLabAccount(address);
    await assert.rejects(app.createLabAccount(address), /Too many lab accounts/);
    await app.createLabAccount({ ip: '203.0.113.22', userAgent: 'node-test' });
  });
});
