import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { generateKeyPair, SignJWT } from 'jose';
import type { AuthTrace } from '@/lib/auth/trace';

// Configured before lib/env.ts is first read: ten-minute tokens, secrets of this test's own.
Object.assign(process.env, {
  ACCESS_TOKEN_TTL: '600',
  SECRETS_FILE: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'access-token-test-')), 'secrets.json'),
});
const load = async () => ({ ...(await import('@/lib/auth/access-token')), ...(await import('@/lib/auth/keys')), ...(await import('@/lib/clock')) });
let app: Awaited<ReturnType<typeof load>>;

const subject = { userId: 'user-1', role: 'seeker' as const, loginId: 'login-1' };
const rejects = (token: string, description: RegExp) =>
  assert.rejects(() => app.verifyAccessToken(token), (error: Error & { code?: string }) => error.code === 'invalid_token' && description.test(error.message));

describe('access tokens', () => {
  before(async () => {
    app = await load();
  });

  it('round-trips the claims', async () => {
    const { token, expiresAt } = await app.signAccessToken(subject);
    const claims = await app.verifyAccessTokenSignature(token);
    assert.equal(claims.userId, 'user-1');
    assert.equal(claims.role, 'seeker');
    assert.equal(claims.loginId, 'login-1');
    assert.equal(claims.expiresAt.getTime(), expiresAt.getTime());
  });

  it('remembers at signing exactly the claims the signature check reads back (bound, with auth_time, or neither)', async () => {
    const authTime = new Date(Date.now() - 12_345);
    for (const extra of [{}, { jkt: 'thumbprint-1', authTime }, { authTime: null, jkt: null }]) {
      const trace: AuthTrace = {};
      const { token } = await app.signAccessToken({ ...subject, ...extra });
      const remembered = await app.verifyAccessToken(token, 'Bearer', trace);
      assert.equal(trace.cache, 'hit');
      assert.deepEqual(remembered, await app.verifyAccessTokenSignature(token));
    }
  });

  it('refuses a token once it expires, even after it was verified (and cached) before', async () => {
    const { token } = await app.signAccessToken(subject);
    await app.verifyAccessToken(token);
    // Ten seconds before exp it still verifies (from the cache); at exp it is refused, cache or not.
    await app.runWithClockOffset(590_000, () => app.verifyAccessToken(token));
    await app.runWithClockOffset(601_000, () => rejects(token, /expired/));
  });

  it('refuses tampered, foreign-key and unsigned tokens', async () => {
    const { token } = await app.signAccessToken(subject);
    const [header, payload, signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: 'company' })).toString('base64url');
    await rejects(`${header}.${forgedPayload}.${signature}`, /signature/);

    const { kid } = await app.signingKeys();
    const stranger = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const foreign = await new SignJWT({ role: 'seeker', sid: 'x' })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid })
      .setSubject('user-1').setIssuer('auth-modes').setAudience('auth-modes-api').setIssuedAt().setExpirationTime('5m').setJti('j')
      .sign(stranger.privateKey);
    await rejects(foreign, /signature/);

    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid })).toString('base64url')}.${payload}.`;
    await rejects(none, /algorithm|malformed/);
  });
});
