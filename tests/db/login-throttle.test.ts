import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTempDatabase, testDatabaseProvider } from '../support/temp-database';

// The throttle's counting against a real database, with requests interleaved as a busy server
// interleaves them: the limits must hold for parallel attempts, not just for sequential ones.

Object.assign(process.env, { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_IP: '8', LOGIN_THROTTLE_WINDOW: '60' });
const database = createTempDatabase();

const loadApp = async () => ({
  ...(await import('@/lib/db/client')),
  ...(await import('@/lib/auth/login-throttle')),
  ...(await import('@/lib/http/errors')),
});
let app: Awaited<ReturnType<typeof loadApp>>;

let sequence = 0;
const email = () => `throttle-${(sequence += 1)}@example.com`;
const address = () => `198.51.100.${(sequence += 1)}`;

async function outcomes(attempts: Promise<void>[]): Promise<{ allowed: number; refused: number }> {
  const results = await Promise.allSettled(attempts);
  for (const result of results) {
    if (result.status === 'rejected') {
      const refusal = app.httpErrorOf(result.reason);
      assert.ok(refusal?.status === 429, String(result.reason));
      const retryAfter = Number(refusal.options.headers?.['Retry-After']);
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    }
  }
  const allowed = results.filter((result) => result.status === 'fulfilled').length;
  return { allowed, refused: results.length - allowed };
}

describe(`login throttle under concurrency (${testDatabaseProvider()})`, () => {
  before(async () => {
    app = await loadApp();
  });
  after(async () => {
    await app.db().$disconnect();
    database.remove();
  });

  it('lets exactly the account limit through when attempts on one account arrive together', async () => {
    const target = email();
    assert.deepEqual(await outcomes(Array.from({ length: 20 }, () => app.consumeLoginAttempt(target, address()))), { allowed: 3, refused: 17 });
  });

  it('lets exactly the address limit through when attempts from one address arrive together', async () => {
    const from = address();
    assert.deepEqual(await outcomes(Array.from({ length: 20 }, () => app.consumeLoginAttempt(email(), from))), { allowed: 8, refused: 12 });
  });

  it('a refused attempt costs the other counter nothing: a blocked address cannot lock accounts', async () => {
    const from = address();
    await outcomes(Array.from({ length: 8 }, () => app.consumeLoginAttempt(email(), from)));
    const victim = email();
    assert.deepEqual(await outcomes(Array.from({ length: 5 }, () => app.consumeLoginAttempt(victim, from))), { allowed: 0, refused: 5 });
    assert.deepEqual(await outcomes(Array.from({ length: 4 }, () => app.consumeLoginAttempt(victim, address()))), { allowed: 3, refused: 1 });
  });

  it('a successful login resets the account and takes its attempt back from the address', async () => {
    const from = address();
    const user = email();
    for (let round = 0; round < 5; round += 1) {
      await app.consumeLoginAttempt(user, from);
      await app.recordLoginSuccess(user, from);
    }
    // Five successes spent nothing: the address still has all 8 failures to give.
    assert.deepEqual(await outcomes(Array.from({ length: 9 }, () => app.consumeLoginAttempt(email(), from))), { allowed: 8, refused: 1 });
  });
});
