import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newProofKey, signProof, type ProofKey } from '../../scripts/dpop-proof';
import { createTempDatabase } from '../support/temp-database';

// lib/auth/dpop.ts against a real database: the replay store refuses a jti twice, the iat window
// follows lib/clock.ts, and the clean-up forgets exactly the proofs that are refused as stale anyway.

const database = createTempDatabase();

const loadApp = async () => ({
  ...(await import('@/lib/db/client')),
  ...(await import('@/lib/auth/dpop')),
  ...(await import('@/lib/auth/cleanup')),
  ...(await import('@/lib/clock')),
});
let app: Awaited<ReturnType<typeof loadApp>>;
let key: ProofKey;

const URL_ = 'https://jobs.example.test/api/me';
const expectation = { method: 'GET', urls: [URL_] };

describe('DPoP proofs and the replay store', () => {
  before(async () => {
    app = await loadApp();
    key = await newProofKey();
  });
  after(async () => {
    await app.db().$disconnect();
    database.remove();
  });

  it('accepts a proof once and returns its key thumbprint; the same jti again is a replay', async () => {
    const proof = await signProof(key, 'GET', URL_);
    assert.deepEqual(await app.verifyDpopProof(proof, expectation), { jkt: key.jkt });
    await assert.rejects(app.verifyDpopProof(proof, expectation), (error: unknown) => error instanceof app.DpopError && /used before/.test(error.description));
    assert.equal(await app.db().dpopProof.count({ where: { jkt: key.jkt } }), 1);
  });

  it('concurrent uses of one proof: exactly one is accepted, and the row holds the proof\'s own expiry', async () => {
    const proof = await signProof(key, 'GET', URL_);
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => app.verifyDpopProof(proof, expectation)));
    assert.equal(outcomes.filter((outcome) => outcome.status === 'fulfilled').length, 1);
    for (const outcome of outcomes) if (outcome.status === 'rejected') assert.match((outcome.reason as { description: string }).description, /used before/);
    const { jti, iat } = JSON.parse(Buffer.from(proof.split('.')[1]!, 'base64url').toString()) as { jti: string; iat: number };
    const row = await app.db().dpopProof.findUnique({ where: { jkt_jti: { jkt: key.jkt, jti } } });
    assert.equal(row?.expiresAt.getTime(), (iat + app.DPOP_IAT_WINDOW_SECONDS) * 1000);
  });

  it('checks iat against the clock module, 60 s either way', async () => {
    const proof = await signProof(key, 'GET', URL_);
    await assert.rejects(
      app.runWithClockOffset((app.DPOP_IAT_WINDOW_SECONDS + 5) * 1000, () => app.verifyDpopProof(proof, expectation)),
      /iat/,
    );
    await app.runWithClockOffset(30_000, () => app.verifyDpopProof(proof, expectation));
  });

  it('a refused proof does not use up its jti', async () => {
    const proof = await signProof(key, 'GET', URL_, 'some.access.token');
    await assert.rejects(app.verifyDpopProof(proof, { ...expectation, accessToken: 'another.access.token' }), /ath/);
    await app.verifyDpopProof(proof, { ...expectation, accessToken: 'some.access.token' });
  });

  it('the clean-up deletes proofs once their iat has left the window, and keeps the others', async () => {
    const fresh = await signProof(key, 'GET', URL_);
    await app.verifyDpopProof(fresh, expectation);
    const before = await app.db().dpopProof.count();
    assert.equal((await app.deleteExpiredCredentials()).dpopProofs, 0, 'nothing is stale yet');
    const later = new Date(app.now() + (app.DPOP_IAT_WINDOW_SECONDS + 5) * 1000);
    assert.equal((await app.deleteExpiredCredentials(later)).dpopProofs, before);
    assert.equal(await app.db().dpopProof.count(), 0);
  });
});
