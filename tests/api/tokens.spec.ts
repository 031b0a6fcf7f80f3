import { generateKeyPair, SignJWT } from 'jose';
import {
  bearer,
  expect,
  expectError,
  expectInvalidAccessToken,
  jwtLogin,
  refresh,
  serverSecrets,
  serverSigningKey,
  signTestAccessToken,
  signUp,
  test,
  type TestUser,
} from '../support/api';

/**
 * Every way an access token can be wrong ends in the same 401 invalid_token with the RFC 6750
 * challenge. Tokens are signed here with the standard server's own key (from its data folder),
 * so each forged token differs from an accepted one in exactly the property under test.
 */

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function expectRefused(request: Parameters<typeof jwtLogin>[0], token: string, description: RegExp) {
  const response = await request.get('/api/me', { headers: bearer(token) });
  expect(await expectInvalidAccessToken(response)).toMatch(description);
}

test.describe('access-token verification', () => {
  let user: TestUser;
  let serverKey: Awaited<ReturnType<typeof serverSigningKey>>;

  test.beforeEach(async ({ request, baseURL }) => {
    user = await signUp(request);
    serverKey = await serverSigningKey(baseURL);
  });

  test('control: a token built here with the server key and correct claims is accepted', async ({ request }) => {
    const token = await signTestAccessToken(serverKey, { userId: user.id });
    const me = await request.get('/api/me', { headers: bearer(token) });
    expect(me.status(), await me.text()).toBe(200);
    expect((await me.json()).user.id).toBe(user.id);
  });

  test('a signature by another Ed25519 key is refused, under the server kid or an unknown one', async ({ request }) => {
    const stranger = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const foreign = { privateKey: stranger.privateKey, kid: serverKey.kid };
    await expectRefused(request, await signTestAccessToken(foreign, { userId: user.id }), /signature/);
    await expectRefused(request, await signTestAccessToken({ ...foreign, kid: 'some-other-key' }, { userId: user.id }), /key is unknown/);
    await expectRefused(request, await signTestAccessToken(serverKey, { userId: user.id }, { header: { kid: undefined } }), /key is unknown/);
  });

  test('a changed payload under a genuine signature is refused', async ({ request }) => {
    const genuine = await signTestAccessToken(serverKey, { userId: user.id, role: 'seeker' });
    const [header, payload, signature] = genuine.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    await expectRefused(request, `${header}.${b64({ ...claims, role: 'company' })}.${signature}`, /signature/);
    await expectRefused(request, `${header}.${payload}.${signature.slice(0, -4)}AAAA`, /signature/);
  });

  test('alg "none", and HS256 keyed with the public key, are refused', async ({ request }) => {
    const genuine = await signTestAccessToken(serverKey, { userId: user.id });
    const payload = genuine.split('.')[1]!;
    await expectRefused(request, `${b64({ alg: 'none', typ: 'at+jwt', kid: serverKey.kid })}.${payload}.`, /algorithm|malformed/);

    // The classic key-confusion attack: the public key (published in the JWKS) used as an HMAC secret.
    const jwks = await (await request.get('/.well-known/jwks.json')).json();
    const publicX = new TextEncoder().encode(jwks.keys[0].x);
    const confused = await new SignJWT({ role: 'seeker', sid: 'x' })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: serverKey.kid })
      .setSubject(user.id).setIssuer('auth-modes').setAudience('auth-modes-api').setIssuedAt().setExpirationTime('5m').setJti('j')
      .sign(publicX);
    await expectRefused(request, confused, /algorithm/);
  });

  test('a wrong or missing typ is refused (a plain JWT is not an access token)', async ({ request }) => {
    await expectRefused(request, await signTestAccessToken(serverKey, { userId: user.id }, { header: { typ: 'JWT' } }), /typ/);
    await expectRefused(request, await signTestAccessToken(serverKey, { userId: user.id }, { header: { typ: 'refresh+jwt' } }), /typ/);
    await expectRefused(request, await signTestAccessToken(serverKey, { userId: user.id }, { header: { typ: undefined } }), /typ/);
  });

  test('missing exp, iat, sub or jti is refused', async ({ request }) => {
    for (const claim of ['exp', 'iat', 'sub', 'jti']) {
      await expectRefused(request, await signTestAccessToken(serverKey, { userId: user.id }, { claims: { [claim]: undefined } }), new RegExp(claim));
    }
  });

  test('missing or wrong app claims (sid, role) are refused', async ({ request }) => {
    await expectRefused(request, await signTestAccessToken(serverKey, { userId: user.id }, { claims: { sid: undefined } }), /required claims/);
    await expectRefused(request, await signTestAccessToken(serverKey, { userId: user.id }, { claims: { role: 'admin' } }), /required claims/);
  });

  test('a wrong issuer or audience is refused', async ({ request }) => {
    await expectRefused(request, await signTestAccessToken(serverKey, { userId: user.id }, { claims: { iss: 'someone-else' } }), /iss/);
    await expectRefused(request, await signTestAccessToken(serverKey, { userId: user.id }, { claims: { aud: 'another-api' } }), /aud/);
    await expectRefused(request, await signTestAccessToken(serverKey, { userId: user.id }, { claims: { aud: 'auth-modes-api:refresh' } }), /aud/);
  });

  test('an expired or not-yet-valid token is refused', async ({ request }) => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(request, await signTestAccessToken(serverKey, { userId: user.id }, { claims: { iat: now - 700, exp: now - 100 } }), /expired/);
    await expectRefused(request, await signTestAccessToken(serverKey, { userId: user.id }, { claims: { nbf: now + 300 } }), /nbf/);
  });

  test('garbage in the Bearer header is refused the same way', async ({ request }) => {
    for (const token of ['abc', 'a.b.c', 'a.b', `${b64({ alg: 'EdDSA' })}.e30.`, 'eyJ.eyJ.sig']) {
      await expectRefused(request, token, /malformed|key is unknown|algorithm/);
    }
    await expectError(await request.get('/api/me', { headers: { authorization: 'Bearer' } }), 401);
  });
});

test.describe('token kinds do not pass for each other', () => {
  test('a refresh token presented as an access token is refused with the challenge', async ({ request }) => {
    const tokens = await jwtLogin(request, await signUp(request));
    const description = await expectInvalidAccessToken(await request.get('/api/me', { headers: bearer(tokens.refresh_token) }));
    expect(description).toMatch(/algorithm|typ|key/);
  });

  test('an access token presented as a refresh token is refused, and the login is untouched', async ({ request }) => {
    const tokens = await jwtLogin(request, await signUp(request));
    await expectError(await refresh(request, tokens.access_token), 401, 'invalid_token');
    expect((await refresh(request, tokens.refresh_token)).status()).toBe(200);
  });

  test('a refresh token that is forged, or genuine-looking but unknown to the database, is refused', async ({ request, baseURL }) => {
    const user = await signUp(request);
    const tokens = await jwtLogin(request, user);
    const [header, payload, signature] = tokens.refresh_token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    await expectError(await refresh(request, `${header}.${b64({ ...claims, jti: 'forged' })}.${signature}`), 401, 'invalid_token');
    await expectError(await refresh(request, 'not-a-token'), 401, 'invalid_token');

    // Signed with the server's real refresh key, so only the database can tell it was never issued.
    const hmacKey = new TextEncoder().encode(serverSecrets(baseURL).refreshTokenSecret);
    const neverIssued = await new SignJWT({ ...claims, jti: 'never-issued' }).setProtectedHeader({ alg: 'HS256', typ: 'refresh+jwt' }).sign(hmacKey);
    const unknown = await refresh(request, neverIssued);
    await expectError(unknown, 401, 'invalid_token');
    expect((await unknown.json()).error.message).toMatch(/unknown/);
    // Control: the same signing of the genuine claims reproduces the issued token, so the refusal above was the database's.
    expect(await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'refresh+jwt' }).sign(hmacKey)).toBe(tokens.refresh_token);
  });
});
