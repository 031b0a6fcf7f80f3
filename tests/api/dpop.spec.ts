import type { APIRequestContext } from '@playwright/test';
import { baseUrlOf } from '../support/servers';
import {
  basic,
  bearer,
  clockAhead,
  decodeJwt,
  expect,
  expectError,
  jwtLogin,
  queryServerDb,
  refresh,
  signUp,
  test,
  type TestUser,
  type TokenResponse,
} from '../support/api';
import { dpopHeaders, dpopProof, newDpopKey, type DpopKey } from '../support/dpop';

// DPoP (RFC 9449): tokens bound to a client's key, and every way of using them without that key.

const LOGIN = '/api/auth/jwt/login';
const REFRESH = '/api/auth/jwt/refresh';
const ME = '/api/me';
const urlOf = (baseURL: string | undefined, path: string) => new URL(path, baseURL).href;

async function dpopLogin(request: APIRequestContext, baseURL: string | undefined, user: TestUser, key: DpopKey): Promise<TokenResponse> {
  const response = await request.post(LOGIN, { headers: { ...basic(user.email, user.password), dpop: await dpopProof(key, 'POST', urlOf(baseURL, LOGIN)) } });
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

async function dpopRefresh(request: APIRequestContext, baseURL: string | undefined, refreshToken: string, key: DpopKey | null) {
  const proof: Record<string, string> = key ? { dpop: await dpopProof(key, 'POST', urlOf(baseURL, REFRESH)) } : {};
  return refresh(request, refreshToken, proof);
}

/** A 401 with the DPoP challenge of RFC 9449 §7.1 for `error`. */
async function expectDpopRefusal(response: Awaited<ReturnType<APIRequestContext['get']>>, error: 'invalid_token' | 'invalid_dpop_proof') {
  await expectError(response, 401, error);
  const challenge = response.headers()['www-authenticate'] ?? '';
  expect(challenge).toMatch(new RegExp(`^DPoP error="${error}", error_description="[^"]+", algs="ES256"$`));
  return /error_description="([^"]+)"/.exec(challenge)?.[1] ?? '';
}

async function familyRows(baseURL: string | undefined, familyId: string) {
  return queryServerDb(baseURL, 'SELECT "dpopJkt", "revokedAt", "revokedReason" FROM "RefreshToken" WHERE "familyId" = $1', [familyId]);
}

const familyOf = (token: string) => String(decodeJwt(token).claims.fid);

test.describe('DPoP-bound tokens', () => {
  test('a login proved with a key gets DPoP tokens bound to it, usable with a proof per request', async ({ request, baseURL }) => {
    const user = await signUp(request);
    const key = await newDpopKey();
    const tokens = await dpopLogin(request, baseURL, user, key);
    expect(tokens.token_type).toBe('DPoP');
    expect(decodeJwt(tokens.access_token).claims.cnf).toEqual({ jkt: key.jkt });
    const rows = await familyRows(baseURL, familyOf(tokens.refresh_token));
    expect(rows.map((row) => row.dpopJkt)).toEqual([key.jkt]);

    const me = await request.get(ME, { headers: await dpopHeaders(key, 'GET', urlOf(baseURL, ME), tokens.access_token) });
    expect(me.status(), await me.text()).toBe(200);
    expect((await me.json()).auth).toMatchObject({ mode: 'jwt', dpopJkt: key.jkt });
    expect(me.headers()['server-timing']).toMatch(/auth;dur=[\d.]+;desc="jwt", db;dur=[\d.]+;desc="\d+ quer(y|ies)".*, dpop;dur=[\d.]+;desc="proof check"$/);

    // htu is compared without query and fragment (RFC 9449 §4.3).
    const withQuery = await request.get(`${ME}?view=full`, { headers: await dpopHeaders(key, 'GET', `${urlOf(baseURL, ME)}?other=1#part`, tokens.access_token) });
    expect(withQuery.status(), await withQuery.text()).toBe(200);
  });

  test('a bound access token without its key is refused: as Bearer, without a proof, with another key or for another token', async ({ request, baseURL }) => {
    const user = await signUp(request);
    const key = await newDpopKey();
    const { access_token: token } = await dpopLogin(request, baseURL, user, key);
    const url = urlOf(baseURL, ME);

    expect(await expectDpopRefusal(await request.get(ME, { headers: bearer(token) }), 'invalid_token')).toMatch(/DPoP-bound/);
    const bearerWithProof = await request.get(ME, { headers: { ...bearer(token), dpop: await dpopProof(key, 'GET', url, { accessToken: token }) } });
    await expectDpopRefusal(bearerWithProof, 'invalid_token');
    await expectDpopRefusal(await request.get(ME, { headers: { authorization: `DPoP ${token}` } }), 'invalid_dpop_proof');

    const thief = await newDpopKey();
    expect(await expectDpopRefusal(await request.get(ME, { headers: await dpopHeaders(thief, 'GET', url, token) }), 'invalid_dpop_proof')).toMatch(/another key/);

    const other = await dpopLogin(request, baseURL, user, key);
    const proofForOther = await dpopProof(key, 'GET', url, { accessToken: other.access_token });
    expect(await expectDpopRefusal(await request.get(ME, { headers: { authorization: `DPoP ${token}`, dpop: proofForOther } }), 'invalid_dpop_proof')).toMatch(/ath/);
  });

  test('a proof is good for one request: its method, its URL, once, and only while fresh', async ({ request, baseURL }) => {
    const user = await signUp(request);
    const key = await newDpopKey();
    const { access_token: token } = await dpopLogin(request, baseURL, user, key);
    const url = urlOf(baseURL, ME);

    const wrongMethod = await request.get(ME, { headers: await dpopHeaders(key, 'POST', url, token) });
    expect(await expectDpopRefusal(wrongMethod, 'invalid_dpop_proof')).toMatch(/htm/);
    const wrongUrl = await request.get(ME, { headers: await dpopHeaders(key, 'GET', urlOf(baseURL, '/api/jobs'), token) });
    expect(await expectDpopRefusal(wrongUrl, 'invalid_dpop_proof')).toMatch(/htu/);
    const wrongOrigin = await request.get(ME, { headers: await dpopHeaders(key, 'GET', 'http://evil.example/api/me', token) });
    await expectDpopRefusal(wrongOrigin, 'invalid_dpop_proof');

    const headers = await dpopHeaders(key, 'GET', url, token);
    expect((await request.get(ME, { headers })).status()).toBe(200);
    expect(await expectDpopRefusal(await request.get(ME, { headers }), 'invalid_dpop_proof')).toMatch(/used before/);
    // A new signature does not make an old jti new.
    const sameJti = await dpopHeaders(key, 'GET', url, token, { jti: String(decodeJwt(headers.dpop).claims.jti) });
    await expectDpopRefusal(await request.get(ME, { headers: sameJti }), 'invalid_dpop_proof');

    // iat must be within 60 s of the server's clock, either way.
    const aged = await dpopHeaders(key, 'GET', url, token);
    expect(await expectDpopRefusal(await request.get(ME, { headers: { ...aged, ...clockAhead(90) } }), 'invalid_dpop_proof')).toMatch(/iat/);
    const slightlyOld = await dpopHeaders(key, 'GET', url, token);
    expect((await request.get(ME, { headers: { ...slightlyOld, ...clockAhead(30) } })).status()).toBe(200);
    const future = await dpopHeaders(key, 'GET', url, token, { iat: Math.floor(Date.now() / 1000) + 120 });
    await expectDpopRefusal(await request.get(ME, { headers: future }), 'invalid_dpop_proof');
  });

  test('concurrent uses of one proof: exactly one is accepted (the replay store decides)', async ({ request, baseURL }) => {
    const user = await signUp(request);
    const key = await newDpopKey();
    const { access_token: token } = await dpopLogin(request, baseURL, user, key);
    const headers = await dpopHeaders(key, 'GET', urlOf(baseURL, ME), token);
    const statuses = (await Promise.all(Array.from({ length: 8 }, () => request.get(ME, { headers })))).map((response) => response.status());
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(7);
  });

  test('malformed proofs at the token endpoint are 400 invalid_dpop_proof and issue nothing', async ({ request, baseURL }) => {
    const user = await signUp(request);
    const key = await newDpopKey();
    const url = urlOf(baseURL, LOGIN);
    const privateJwk = { ...key.publicJwk, d: 'AAAA' };
    const proofs = [
      'not-a-jwt',
      await dpopProof(key, 'POST', url, { header: { typ: 'JWT' } }),
      await dpopProof(key, 'POST', url, { header: { jwk: privateJwk } }),
      await dpopProof(key, 'POST', url, { header: { jwk: (await newDpopKey()).publicJwk } }),
      await dpopProof(key, 'POST', url, { claims: { jti: undefined } }),
      await dpopProof(key, 'GET', url),
      await dpopProof(key, 'POST', urlOf(baseURL, REFRESH)),
      `${await dpopProof(key, 'POST', url)}, ${await dpopProof(key, 'POST', url)}`,
    ];
    for (const dpop of proofs) {
      const response = await request.post(LOGIN, { headers: { ...basic(user.email, user.password), dpop } });
      await expectError(response, 400, 'invalid_dpop_proof');
      expect(response.headers()['set-cookie']).toBeUndefined();
    }
    const logins = await queryServerDb(baseURL, 'SELECT COUNT(*) AS n FROM "RefreshToken" WHERE "userId" = $1', [user.id]);
    expect(Number(logins[0]?.n)).toBe(0);
  });
});

test.describe('step-up with DPoP-bound tokens', () => {
  test('a stale bound login is challenged with the DPoP scheme and its algs, and reauthenticate keeps the binding', async ({ request, baseURL }) => {
    const user = await signUp(request);
    const key = await newDpopKey();
    const tokens = await dpopLogin(request, baseURL, user, key);
    // Past STEP_UP_MAX_AGE (600 s), which the access token's lifetime equals: a bound refresh first.
    const later = clockAhead(630);
    // Proofs are dated by the server's (moved) clock, as a client learns it from the Date header.
    const at = { iat: Math.floor(Date.now() / 1000) + 630 };
    const rotated = await refresh(request, tokens.refresh_token, { ...later, dpop: await dpopProof(key, 'POST', urlOf(baseURL, REFRESH), at) });
    expect(rotated.status(), await rotated.text()).toBe(200);
    const stale: TokenResponse = await rotated.json();
    const sessions = urlOf(baseURL, '/api/me/sessions');

    const refused = await request.delete(sessions, { headers: { ...later, ...(await dpopHeaders(key, 'DELETE', sessions, stale.access_token, at)) } });
    await expectError(refused, 401, 'insufficient_user_authentication');
    expect(refused.headers()['www-authenticate']).toMatch(/^DPoP error="insufficient_user_authentication", error_description="[^"]+", algs="ES256", max_age=600$/);

    const reauthUrl = urlOf(baseURL, '/api/auth/reauthenticate');
    const reauth = await request.post(reauthUrl, { headers: { ...later, ...(await dpopHeaders(key, 'POST', reauthUrl, stale.access_token, at)) }, data: { password: user.password } });
    expect(reauth.status(), await reauth.text()).toBe(200);
    const fresh = await reauth.json();
    expect(fresh.token_type).toBe('DPoP');
    expect(decodeJwt(fresh.access_token).claims.cnf).toEqual({ jkt: key.jkt });
    const done = await request.delete(sessions, { headers: { ...later, ...(await dpopHeaders(key, 'DELETE', sessions, fresh.access_token, at)) } });
    expect(done.status(), await done.text()).toBe(200);
  });
});

test.describe('DPoP-bound refresh families', () => {
  test('a refresh proved with the same key rotates and stays bound', async ({ request, baseURL }) => {
    const user = await signUp(request);
    const key = await newDpopKey();
    const login = await dpopLogin(request, baseURL, user, key);
    const response = await dpopRefresh(request, baseURL, login.refresh_token, key);
    expect(response.status(), await response.text()).toBe(200);
    const rotated: TokenResponse = await response.json();
    expect(rotated.token_type).toBe('DPoP');
    expect(decodeJwt(rotated.access_token).claims.cnf).toEqual({ jkt: key.jkt });
    const rows = await familyRows(baseURL, familyOf(login.refresh_token));
    expect(rows.map((row) => row.dpopJkt)).toEqual([key.jkt, key.jkt]);
    const me = await request.get(ME, { headers: await dpopHeaders(key, 'GET', urlOf(baseURL, ME), rotated.access_token) });
    expect(me.status()).toBe(200);
  });

  for (const attempt of ['another key', 'no proof'] as const) {
    test(`a refresh with ${attempt} is a stolen token: refused, the family revoked, the audit trail says why`, async ({ request, baseURL }) => {
      const user = await signUp(request);
      const key = await newDpopKey();
      const login = await dpopLogin(request, baseURL, user, key);
      const stolen = await dpopRefresh(request, baseURL, login.refresh_token, attempt === 'no proof' ? null : await newDpopKey());
      await expectError(stolen, 401, 'invalid_token');

      const rows = await familyRows(baseURL, familyOf(login.refresh_token));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ revokedReason: 'dpop_key_mismatch' });
      expect(rows[0]?.revokedAt).not.toBeNull();
      const events = await queryServerDb(baseURL, `SELECT "detail", "mode" FROM "AuthEvent" WHERE "userId" = $1 AND "type" = 'dpop_key_mismatch'`, [user.id]);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ mode: 'jwt' });
      expect(String(events[0]?.detail)).toContain(`bound to key ${key.jkt}`);
      expect(String(events[0]?.detail)).toContain(attempt === 'no proof' ? 'no DPoP proof' : 'a proof by key');

      // The owner's next refresh, with the right key, finds the login ended.
      await expectError(await dpopRefresh(request, baseURL, login.refresh_token, key), 401, 'invalid_token');
    });
  }

  test('an invalid proof on a refresh changes nothing: 400, and the family lives on', async ({ request, baseURL }) => {
    const user = await signUp(request);
    const key = await newDpopKey();
    const login = await dpopLogin(request, baseURL, user, key);
    const stale = await refresh(request, login.refresh_token, { dpop: await dpopProof(key, 'POST', urlOf(baseURL, REFRESH)), ...clockAhead(120) });
    await expectError(stale, 400, 'invalid_dpop_proof');
    const rows = await familyRows(baseURL, familyOf(login.refresh_token));
    expect(rows[0]).toMatchObject({ revokedAt: null });
    expect((await dpopRefresh(request, baseURL, login.refresh_token, key)).status()).toBe(200);
  });
});

test.describe('clients without DPoP', () => {
  test('get Bearer tokens and use them exactly as before', async ({ request, baseURL }) => {
    const user = await signUp(request);
    const login = await request.post(LOGIN, { headers: basic(user.email, user.password) });
    const tokens: TokenResponse = await login.json();
    expect(tokens.token_type).toBe('Bearer');
    expect(decodeJwt(tokens.access_token).claims.cnf).toBeUndefined();
    const me = await request.get(ME, { headers: bearer(tokens.access_token) });
    expect(me.status()).toBe(200);
    expect((await me.json()).auth).toMatchObject({ mode: 'jwt', dpopJkt: null });
    expect(me.headers()['server-timing']).not.toContain('dpop;');

    const rotated = await refresh(request, tokens.refresh_token);
    expect(rotated.status()).toBe(200);
    expect((await rotated.json()).token_type).toBe('Bearer');
    expect((await familyRows(baseURL, familyOf(tokens.refresh_token))).map((row) => row.dpopJkt)).toEqual([null, null]);
  });

  test('a request without credentials is offered both schemes', async ({ anonymous }) => {
    const response = await anonymous.get(ME);
    await expectError(response, 401, 'unauthenticated');
    expect(response.headers()['www-authenticate']).toBe('Bearer, DPoP algs="ES256"');
  });

  test('an unbound token sent with the DPoP scheme is refused', async ({ request, baseURL }) => {
    const user = await signUp(request);
    const tokens = await jwtLogin(request, user);
    const key = await newDpopKey();
    const response = await request.get(ME, { headers: await dpopHeaders(key, 'GET', urlOf(baseURL, ME), tokens.access_token) });
    expect(await expectDpopRefusal(response, 'invalid_token')).toMatch(/not DPoP-bound/);
  });
});

test.describe('behind a proxy (APP_ORIGIN)', () => {
  test.use({ baseURL: baseUrlOf('secure') });

  test('htu names the public origin, not the Host the server was reached at', async ({ request, baseURL }) => {
    const user = await signUp(request);
    const key = await newDpopKey();
    const publicLogin = `https://jobs.example.test${LOGIN}`;
    const viaHost = await request.post(LOGIN, { headers: { ...basic(user.email, user.password), dpop: await dpopProof(key, 'POST', urlOf(baseURL, LOGIN)) } });
    await expectError(viaHost, 400, 'invalid_dpop_proof');
    const login = await request.post(LOGIN, { headers: { ...basic(user.email, user.password), dpop: await dpopProof(key, 'POST', publicLogin) } });
    expect(login.status(), await login.text()).toBe(200);
    const { access_token: token } = await login.json();
    const me = await request.get(ME, { headers: await dpopHeaders(key, 'GET', `https://jobs.example.test${ME}`, token) });
    expect(me.status(), await me.text()).toBe(200);
  });
});

test.describe('DPOP_REQUIRED=true', () => {
  test.use({ baseURL: baseUrlOf('dpopRequired') });

  test('a JWT login without a proof is refused; with one the family is bound as anywhere else', async ({ request, baseURL }) => {
    const user = await signUp(request);
    const plain = await request.post(LOGIN, { headers: basic(user.email, user.password) });
    expect(await expectError(plain, 400, 'invalid_dpop_proof')).toBe('invalid_dpop_proof');
    const key = await newDpopKey();
    const tokens = await dpopLogin(request, baseURL, user, key);
    expect(tokens.token_type).toBe('DPoP');
    const rotated = await dpopRefresh(request, baseURL, tokens.refresh_token, key);
    expect(rotated.status()).toBe(200);
    await expectError(await dpopRefresh(request, baseURL, (await rotated.json()).refresh_token, null), 401, 'invalid_token');
  });
});
