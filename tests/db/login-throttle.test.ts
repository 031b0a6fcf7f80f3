import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTempDatabase, testDatabaseProvider } from '../support/temp-database';

const database = createTempDatabase();
process.env.LOGIN_MAX_FAILURES_PER_ACCOUNT = '5';

// Imported only after the environment points at the temporary database.
const loadApp = async () => ({
  ...(await import('@/lib/db/client')),
  ...(await import('@/lib/auth/login-throttle')),
  ...(await import('@/lib/http/errors')),
});
let app: Awaited<ReturnType<typeof loadApp>>;

describe(`login throttle counters in the database (${testDatabaseProvider()})`, () => {
  before(async () => {
    app = await loadApp();
  });
  after(async () => {
    await app.db().$disconnect();
    database.remove();
  });

  it('counts every one of many concurrent failures for a key nobody has failed on yet', async () => {
    const email = `throttle-${Date.now()}@example.com`;
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => app.recordLoginFailure(email, '203.0.113.50')));
    assert.deepEqual(results.filter((result) => result.status === 'rejected'), [], 'no failure may be lost to a write conflict');
    const row = await app.db().rateLimiterFlexible.findUniqueOrThrow({ where: { key: `login-account:${email}` } });
    assert.equal(row.points, 12);
    await assert.rejects(app.assertLoginAllowed(email, '203.0.113.50'), (error: unknown) => error instanceof app.ApiError && error.status === 429);
  });

  it('lets an account below the limit through, and a success clears its count', async () => {
    const email = `below-${Date.now()}@example.com`;
    await app.recordLoginFailure(email, '203.0.113.51');
    await app.assertLoginAllowed(email, '203.0.113.51');
    await app.recordLoginSuccess(email);
    assert.equal(await app.db().rateLimiterFlexible.count({ where: { key: `login-account:${email}` } }), 0);
  });
});
