import { createLocalJWKSet, createRemoteJWKSet, jwtVerify } from 'jose';
import { bearer, decodeJwt, expect, jwtLogin, signingKeyFrom, signTestAccessToken, signUp, test } from '../support/api';
import { baseUrlOf, ROTATED_OUT_KEY } from '../support/servers';

type PublicJwk = { kty: string; crv: string; x: string; kid: string; alg: string; use: string };

test.describe('GET /.well-known/jwks.json', () => {
  test('serves only public Ed25519 keys, cacheable by anyone', async ({ anonymous }) => {
    const response = await anonymous.get('/.well-known/jwks.json');
    expect(response.status()).toBe(200);
    expect(response.headers()['cache-control']).toMatch(/public/);
    const { keys } = (await response.json()) as { keys: PublicJwk[] };
    expect(keys).toHaveLength(1);
    for (const key of keys) {
      expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
      expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    }
    // No private parameter under any name, anywhere in the document.
    expect(await response.text()).not.toMatch(/"(d|p|q|dp|dq|qi|k)"\s*:/);
  });

  test('the published key verifies a real access token, as another service would (createRemoteJWKSet)', async ({ request, baseURL }) => {
    const tokens = await jwtLogin(request, await signUp(request, 'company'));
    const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', baseURL));
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
      algorithms: ['EdDSA'],
      typ: 'at+jwt',
      issuer: 'auth-modes',
      audience: 'auth-modes-api',
    });
    expect(payload).toMatchObject({ sub: tokens.user.id, role: 'company' });
    const published = (await (await request.get('/.well-known/jwks.json')).json()).keys as PublicJwk[];
    expect(published.map((key) => key.kid)).toContain(protectedHeader.kid);
  });

  test('the published key does not verify a token from any other key', async ({ request }) => {
    const user = await signUp(request);
    const jwks = createLocalJWKSet(await (await request.get('/.well-known/jwks.json')).json());
    const foreign = await signTestAccessToken(await signingKeyFrom(ROTATED_OUT_KEY), { userId: user.id });
    await expect(jwtVerify(foreign, jwks, { algorithms: ['EdDSA'] })).rejects.toThrow();
  });
});

test.describe('signing-key rotation (rotation profile: JWT_PREVIOUS_PUBLIC_KEYS lists the old key)', () => {
  test.use({ baseURL: baseUrlOf('rotation') });

  test('the JWKS lists the current key and the previous one', async ({ request }) => {
    const previous = await signingKeyFrom(ROTATED_OUT_KEY);
    const tokens = await jwtLogin(request, await signUp(request));
    const { keys } = (await (await request.get('/.well-known/jwks.json')).json()) as { keys: PublicJwk[] };

    expect(keys.map((key) => key.kid)).toEqual([decodeJwt(tokens.access_token).header.kid, previous.kid]);
    expect(keys[1]).toMatchObject({ x: ROTATED_OUT_KEY.x, alg: 'EdDSA' });
    expect(JSON.stringify(keys)).not.toContain(ROTATED_OUT_KEY.d);
  });

  test('a token signed with the previous key still verifies; new tokens use the current key', async ({ request }) => {
    const previous = await signingKeyFrom(ROTATED_OUT_KEY);
    const user = await signUp(request, 'company');
    const oldToken = await signTestAccessToken(previous, { userId: user.id, role: 'company' });

    const me = await request.get('/api/me', { headers: bearer(oldToken) });
    expect(me.status(), await me.text()).toBe(200);
    expect((await me.json()).user.id).toBe(user.id);
    expect((await request.get('/api/company/applicant-counts', { headers: bearer(oldToken) })).status()).toBe(200);

    const fresh = await jwtLogin(request, user);
    const freshKid = decodeJwt(fresh.access_token).header.kid;
    expect(freshKid).not.toBe(previous.kid);
    // Both verify against the published set, as another service would see them.
    const jwks = createLocalJWKSet(await (await request.get('/.well-known/jwks.json')).json());
    for (const token of [oldToken, fresh.access_token]) await jwtVerify(token, jwks, { algorithms: ['EdDSA'], typ: 'at+jwt' });
  });

  test('the standard server, which never had that key, refuses the same token', async ({ playwright }) => {
    const standard = await playwright.request.newContext({ baseURL: baseUrlOf('standard') });
    try {
      const user = await signUp(standard);
      const oldToken = await signTestAccessToken(await signingKeyFrom(ROTATED_OUT_KEY), { userId: user.id });
      const response = await standard.get('/api/me', { headers: bearer(oldToken) });
      expect(response.status()).toBe(401);
      expect(response.headers()['www-authenticate']).toMatch(/error="invalid_token"/);
    } finally {
      await standard.dispose();
    }
  });
});
