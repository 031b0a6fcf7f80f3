import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { basic, bearer, DEMO_PASSWORD, demoAccounts, expectError, jwtLogin, refreshCookieOf, sessionLogin, signUp, uniqueEmail } from '../../support/api';
import { loopbackAddress, rawRequest } from '../../support/attack-http';
import { apiEndpoints, HTTP_METHODS, withId } from '../../support/attack-endpoints';
import { baseUrlOf } from '../../support/servers';

// Malformed input of every kind gets a 4xx in the one JSON error shape, and changes nothing.

const base = baseUrlOf('standard');
const json = { 'content-type': 'application/json' };
// The standard profile trusts one proxy: an address of this file's own keeps its failed logins
// out of the address bucket other tests log in from.
const client = { 'x-forwarded-for': `10.${loopbackAddress().slice(4)}` };
test.use({ extraHTTPHeaders: client });
const send = (method: string, path: string, headers: Record<string, string>, body?: string | Buffer) =>
  rawRequest(base, { method, path, headers: { ...client, ...headers }, body });

test.describe('request bodies', () => {
  test('signup: bad JSON, content types, shapes and sizes are refused and create no account', async () => {
    const email = uniqueEmail('body');
    const valid = { email, password: 'long-enough-1', name: 'Body Test', role: 'seeker' };
    const cases: [Record<string, string>, string | Buffer, number, string][] = [
      [json, '{"email":', 400, 'invalid_json'],
      [json, '', 400, 'invalid_json'],
      [json, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 400, 'invalid_json'],
      [{ 'content-type': 'text/plain' }, JSON.stringify(valid), 415, 'unsupported_media_type'],
      [{ 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams(valid).toString(), 415, 'unsupported_media_type'],
      [{ 'content-type': 'multipart/form-data; boundary=x' }, '--x--', 415, 'unsupported_media_type'],
      [{ 'content-type': 'application/jsonp' }, JSON.stringify(valid), 415, 'unsupported_media_type'],
      [{}, JSON.stringify(valid), 415, 'unsupported_media_type'],
      [json, '{}', 422, 'validation_failed'],
      [json, 'null', 422, 'validation_failed'],
      [json, '[]', 422, 'validation_failed'],
      [json, '"a string"', 422, 'validation_failed'],
      [json, JSON.stringify({ ...valid, role: 'admin' }), 422, 'validation_failed'],
      [json, JSON.stringify({ ...valid, isAdmin: true }), 422, 'validation_failed'],
      [json, JSON.stringify({ ...valid, email: ['a@b.c'] }), 422, 'validation_failed'],
      [json, JSON.stringify({ ...valid, password: 12345678 }), 422, 'validation_failed'],
      [json, JSON.stringify({ ...valid, name: { first: 'x' } }), 422, 'validation_failed'],
      [json, JSON.stringify({ ...valid, role: 'company' }), 422, 'validation_failed'],
      [json, JSON.stringify({ ...valid, name: 'x'.repeat(20_000) }), 413, 'payload_too_large'],
      [json, `{"__proto__":{"role":"company"},${JSON.stringify(valid).slice(1)}`, 422, 'validation_failed'],
    ];
    for (const [headers, body, status, code] of cases) {
      await test.step(`${headers['content-type'] ?? 'no content type'} ${String(body).slice(0, 40)}`, async () => {
        await expectError(await send('POST', '/api/auth/signup', headers, body), status, code);
      });
    }
    const fields = (await (await send('POST', '/api/auth/signup', json, JSON.stringify({ ...valid, email: 'nope', extra: 1 }))).json()) as {
      error: { fields: Record<string, string[]> };
    };
    expect(Object.keys(fields.error.fields).sort()).toEqual(['_', 'email']);

    // None of the refused requests created the account: signing up now works.
    const created = await send('POST', '/api/auth/signup', json, JSON.stringify(valid));
    expect(created.status(), await created.text()).toBe(201);
  });

  test('a body streamed without Content-Length is cut off at the limit (413)', async () => {
    const chunks = Buffer.from(`{"email":"${'a'.repeat(40_000)}"}`);
    // No Content-Length: Node sends it chunked, so only counting while reading can stop it.
    const response = await rawRequest(base, {
      method: 'POST',
      path: '/api/auth/session/login',
      headers: { ...json, 'transfer-encoding': 'chunked' },
      body: chunks,
    });
    await expectError(response, 413, 'payload_too_large');
  });

  test('authenticated bodies: PATCH /api/me, password change and job posting refuse junk and change nothing', async ({ request }) => {
    const company = await signUp(request, 'company');
    const { cookie } = await sessionLogin(request, company);
    const auth = { cookie };
    for (const [path, method] of [
      ['/api/me', 'PATCH'],
      ['/api/me/password', 'POST'],
      ['/api/jobs', 'POST'],
    ] as const) {
      await test.step(`${method} ${path}`, async () => {
        await expectError(await send(method, path, { ...auth, ...json }, '{"name": "x",'), 400, 'invalid_json');
        await expectError(await send(method, path, { ...auth, 'content-type': 'text/plain' }, '{}'), 415, 'unsupported_media_type');
        await expectError(await send(method, path, { ...auth, ...json }, '{}'), 422, 'validation_failed');
        await expectError(await send(method, path, { ...auth, ...json }, '{"name": 1, "title": [], "role": "company"}'), 422, 'validation_failed');
        await expectError(await send(method, path, { ...auth, ...json }, JSON.stringify({ name: 'n'.repeat(17 * 1024) })), 413, 'payload_too_large');
      });
    }
    await expectError(await send('PATCH', '/api/me', { ...auth, ...json }, JSON.stringify({ name: '   ' })), 422, 'validation_failed');
    await expectError(await send('PATCH', '/api/me', { ...auth, ...json }, JSON.stringify({ name: 'ok', role: 'seeker' })), 422, 'validation_failed');

    const me = (await (await send('GET', '/api/me', auth)).json()) as { user: { name: string; role: string } };
    expect(me.user).toMatchObject({ name: company.name, role: 'company' });
    const own = (await (await send('GET', '/api/company/applicant-counts', auth)).json()) as { postings: unknown[] };
    expect(own.postings).toEqual([]);
    // The password did not change either.
    await sessionLogin(request, company);
  });
});

test.describe('passwords', () => {
  test('NUL, over 72 bytes and emoji: refused at signup, never truncated, exact when accepted', async ({ request }) => {
    const emoji = '🔐🔑🗝️' + 'pässwörd'; // multi-byte, well under 72 bytes
    const user = await signUp(request, 'seeker', { password: emoji });
    await sessionLogin(request, user);
    await jwtLogin(request, user);
    await expectError(await request.post('/api/auth/session/login', { data: { email: user.email, password: emoji.normalize('NFD') } }), 401, 'invalid_credentials');

    const exactly72 = 'x'.repeat(70) + 'é'; // 72 UTF-8 bytes
    const longUser = await signUp(request, 'seeker', { password: exactly72 });
    await sessionLogin(request, longUser);
    // bcrypt reads 72 bytes: without the length check, anything after them would be ignored.
    for (const password of [`${exactly72}x`, `${exactly72}${'y'.repeat(200)}`]) {
      await expectError(await request.post('/api/auth/session/login', { data: { email: longUser.email, password } }), 401, 'invalid_credentials');
      await expectError(await request.post('/api/auth/jwt/login', { headers: basic(longUser.email, password) }), 401, 'invalid_credentials');
    }
    // bcrypt stops at NUL: a password that only shares the part before it must not match.
    const nulUser = await signUp(request, 'seeker', { password: 'prefix-before-nul' });
    await expectError(await request.post('/api/auth/session/login', { data: { email: nulUser.email, password: 'prefix-before-nul\u0000junk' } }), 401, 'invalid_credentials');

    for (const password of ['has\u0000nul-inside', 'y'.repeat(73), '🔐'.repeat(19), 'short']) {
      await expectError(await request.post('/api/auth/signup', { data: { email: uniqueEmail('pw'), password, name: 'P', role: 'seeker' } }), 422, 'validation_failed');
    }
    await expectError(await request.post('/api/auth/session/login', { data: { email: user.email, password: 'z'.repeat(1025) } }), 422, 'validation_failed');
    await expectError(await request.post('/api/auth/session/login', { data: { email: user.email, password: '' } }), 422, 'validation_failed');

    // A refused new password leaves the old one in place.
    const { cookie } = await sessionLogin(request, user);
    for (const newPassword of ['n'.repeat(73), 'with\u0000nul-char']) {
      await expectError(await send('POST', '/api/me/password', { cookie, ...json }, JSON.stringify({ currentPassword: emoji, newPassword })), 422, 'validation_failed');
    }
    await sessionLogin(request, user);
  });
});

test.describe('Authorization: Basic on the login endpoints', () => {
  test('malformed Basic headers are 400; a colon inside the password works', async ({ request }) => {
    const user = await signUp(request, 'seeker', { password: 'pa:ss:word:1234' });
    for (const endpoint of ['/api/auth/session/login', '/api/auth/jwt/login']) {
      await test.step(endpoint, async () => {
        const response = await request.post(endpoint, { headers: basic(user.email, user.password) });
        expect(response.status(), await response.text()).toBe(200);
        const malformed = [
          'Basic !!!not-base64!!!',
          'Basic a',
          'Basic ',
          'Basic',
          `Basic ${Buffer.from('no-colon-here').toString('base64')}`,
          `Basic ${Buffer.from([0xff, 0xfe, 0x3a, 0x41]).toString('base64')}`,
          `Basic ${Buffer.from(`${user.email}:x`).toString('base64')}extra`,
          `Basic ${Buffer.from(`${user.email}:x`).toString('base64')} trailing`,
          'Digest username="a"',
          'Bearer abc.def.ghi',
          `Basic ${'QUFB'.repeat(2000)}`,
        ];
        for (const authorization of malformed) {
          await expectError(await send('POST', endpoint, { authorization }), 400, 'bad_request');
        }
        // Well-formed but not acceptable as login input.
        await expectError(await request.post(endpoint, { headers: basic(user.email, '') }), 422, 'validation_failed');
        await expectError(await request.post(endpoint, { headers: basic('', 'x') }), 422, 'validation_failed');
        await expectError(await request.post(endpoint, { headers: basic(user.email, 'pa') }), 401, 'invalid_credentials');
      });
    }
  });
});

test.describe('credentials on resource endpoints', () => {
  test('malformed, forged and misused Bearer tokens are 401 invalid_token with WWW-Authenticate', async ({ request }) => {
    const tokens = await jwtLogin(request, { email: demoAccounts.alice, password: DEMO_PASSWORD });
    const [header, payload, signature] = tokens.access_token.split('.') as [string, string, string];
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string };
    // An attacker's own Ed25519 key, announced in the header under the server's kid (RFC 8725 §3.10).
    const attacker = await generateKeyPair('EdDSA', { extractable: true });
    const selfSigned = await new SignJWT({ ...claims, role: 'company' })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', kid, jwk: await exportJWK(attacker.publicKey) })
      .sign(attacker.privateKey);
    const forged = [
      'abc',
      'a.b.c',
      'a.b',
      '..',
      `${header}.${payload}`,
      `${header}.${payload}.`,
      `${b64({ alg: 'none', typ: 'at+jwt' })}.${payload}.`,
      `${header}.${b64({ ...claims, role: 'company' })}.${signature}`,
      `${header}.${b64({ ...claims, exp: 4_102_444_800 })}.${signature}`,
      `${b64({ alg: 'HS256', typ: 'at+jwt' })}.${payload}.${signature}`,
      // The last two characters encode the signature's last byte, the top byte of Ed25519's S < 2^253: it is zero in
      // one signature in 16, so "AA" in their place left one login in 16 unchanged (two of six busy runs). Changing
      // the second-to-last character (six bits of that byte) always changes the signature.
      `${header}.${payload}.${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`,
      `${header}.${payload}.${signature.slice(0, 40)}${signature[40] === 'A' ? 'B' : 'A'}${signature.slice(41)}`,
      tokens.refresh_token,
      selfSigned,
      `${selfSigned.split('.').slice(0, 2).join('.')}.${signature}`,
      `${'a'.repeat(3000)}.${'b'.repeat(3000)}.c`,
    ];
    for (const token of forged) {
      const response = await send('GET', '/api/me', bearer(token));
      await expectError(response, 401, 'invalid_token');
      expect(response.headers()['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
    }
    for (const authorization of ['Bearer', 'Bearer ', `Bearer  ${tokens.access_token}`, `Bearer ${tokens.access_token} x`, `Token ${tokens.access_token}`, basic(demoAccounts.alice, DEMO_PASSWORD).authorization, '\t']) {
      const response = await send('GET', '/api/me', { authorization });
      expect([400, 401]).toContain(response.status());
      await expectError(response, response.status());
    }
    // The genuine token still works, and an access token is no refresh token.
    expect((await send('GET', '/api/me', bearer(tokens.access_token))).status()).toBe(200);
    await expectError(await send('POST', '/api/auth/jwt/refresh', bearer(tokens.access_token)), 401, 'invalid_token');
  });

  test('garbage and tampered cookies are 401, never 500', async ({ request }) => {
    const { cookie } = await sessionLogin(request, { email: demoAccounts.bob, password: DEMO_PASSWORD });
    // The names the server uses (__Host-session and __Secure-refresh_token when cookies are Secure).
    const name = cookie.slice(0, cookie.indexOf('='));
    const value = cookie.slice(name.length + 1);
    const refreshName = refreshCookieOf(await request.post('/api/auth/jwt/login', { headers: basic(demoAccounts.bob, DEMO_PASSWORD) })).split('=')[0]!;
    const flipped = `${value.slice(0, 30)}${value[30] === 'a' ? 'b' : 'a'}${value.slice(31)}`;
    const garbage = [
      `${name}=`,
      `${name}=garbage`,
      `${name}=Fe26.2**abc*def*ghi*jkl*mno*pqr*stu*vwx`,
      `${name}=${flipped}`,
      `${name}=${value.slice(0, -10)}`,
      `${name}=${'x'.repeat(4000)}`,
      `${name}=%00%ff%fe`,
      `;;;=;${name}`,
      `${name}=a; ${name}=b`,
      // The name without its prefix: a cookie any subdomain or plain-http page could have planted.
      `session=${value}`,
    ];
    for (const header of garbage) {
      await expectError(await send('GET', '/api/me', { cookie: header }), 401, 'unauthenticated');
      await expectError(await send('PATCH', '/api/me', { cookie: header, ...json }, '{"name":"x"}'), 401, 'unauthenticated');
    }
    for (const header of [`${refreshName}=garbage`, `${refreshName}=${'y'.repeat(5000)}`, `${refreshName}=a.b.c`, `${refreshName}=`]) {
      await expectError(await send('POST', '/api/auth/jwt/refresh', { cookie: header }), 401, 'invalid_token');
      expect((await send('POST', '/api/auth/jwt/logout', { cookie: header })).status()).toBe(204);
    }
    expect((await send('POST', '/api/auth/session/logout', { cookie: `${name}=garbage` })).status()).toBe(204);
    // The genuine cookie is unharmed by all of that.
    expect((await send('GET', '/api/me', { cookie })).status()).toBe(200);
  });

  test('unknown and impossible path ids are 404', async ({ request }) => {
    const seeker = await sessionLogin(request, await signUp(request, 'seeker'));
    const ids = ['unknown-id', 'a'.repeat(65), 'UPPER', '%00', '..%2F..%2Fapi%2Fme', '%F0%9F%98%80', "x'%20OR%201=1--", 'c' + '0'.repeat(24)];
    for (const id of ids) {
      await expectError(await send('DELETE', withId('/api/me/sessions/{id}', id), { cookie: seeker.cookie }), 404, 'not_found');
      await expectError(await send('POST', withId('/api/jobs/{id}/applications', id), { cookie: seeker.cookie }), 404, 'not_found');
    }
    // Another user's login id is as unknown as a made-up one.
    const other = await sessionLogin(request, await signUp(request, 'seeker'));
    await expectError(await send('DELETE', `/api/me/sessions/${other.body.session.id}`, { cookie: seeker.cookie }), 404, 'not_found');
    expect((await send('GET', '/api/me', { cookie: other.cookie })).status()).toBe(200);
  });

  test('a path id with a broken %-escape is a JSON 400, not a 500', async ({ request }) => {
    const seeker = await sessionLogin(request, await signUp(request, 'seeker'));
    for (const id of ['%ZZ', '%E0%A4%A', '%', 'a%2']) {
      await expectError(await send('DELETE', withId('/api/me/sessions/{id}', id), { cookie: seeker.cookie }), 400, 'bad_request');
      await expectError(await send('POST', withId('/api/jobs/{id}/applications', id), { cookie: seeker.cookie }), 400, 'bad_request');
    }
  });
});

test.describe('methods', () => {
  test('the endpoint list covers every route handler in app/api', () => {
    const routes: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        // The bench and test-clock routes answer 404 unless BENCH_ROUTES / TEST_CLOCK is set
        // (tests/api/bench-routes.spec.ts, tests/api/test-clock.spec.ts).
        if (entry.isDirectory() && ![path.resolve('app', 'api', 'bench'), path.resolve('app', 'api', 'test')].includes(full)) walk(full);
        else if (entry.name === 'route.ts' && !dir.includes('[...')) routes.push(`/${path.relative('app', dir).replace(/\[(\w+)\]/g, '{$1}')}`);
      }
    };
    walk(path.resolve('app', 'api'));
    expect(routes.sort()).toEqual(apiEndpoints.map((endpoint) => endpoint.path).sort());
  });

  test('every method a route does not implement is a JSON 405, with or without credentials', async ({ request }) => {
    const { cookie } = await sessionLogin(request, { email: demoAccounts.acme, password: DEMO_PASSWORD });
    for (const endpoint of apiEndpoints) {
      for (const method of HTTP_METHODS.filter((m) => !(endpoint.methods as readonly string[]).includes(m))) {
        const target = withId(endpoint.path, 'seed-acme-support');
        await expectError(await send(method, target, {}), 405, 'method_not_allowed');
        await expectError(await send(method, target, { cookie, ...json }, '{"x":1}'), 405, 'method_not_allowed');
      }
    }
  });

  test('unknown API paths are a JSON 404, whatever the method', async () => {
    for (const target of ['/api/nope', '/api/me/sessions/a/b', '/api/jobs/x/applications/y', '/api/auth', '/api/auth/session']) {
      for (const method of HTTP_METHODS) {
        await expectError(await send(method, target, {}), 404, 'not_found');
      }
    }
  });
});

test.describe('requests Node itself refuses', () => {
  test('headers over the server limit get a JSON 431', async () => {
    await expectError(await send('GET', '/api/me', { cookie: `session=${'x'.repeat(20_000)}` }), 431, 'headers_too_large');
    await expectError(await send('POST', '/api/auth/session/login', { authorization: `Basic ${'QUFB'.repeat(6000)}` }), 431, 'headers_too_large');
  });

  test('Content-Length together with chunked encoding (request smuggling) gets a JSON 400', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(new URL(base).port), 'localhost');
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
      socket.write(
        'POST /api/auth/session/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 4\r\n' +
          'Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nPOST /api/me/password HTTP/1.1\r\nHost: localhost\r\n\r\n',
      );
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(reply.match(/HTTP\/1\.1 /g)).toHaveLength(1);
  });

  test('a request that is not valid HTTP gets a JSON 400', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(new URL(base).port), 'localhost');
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
      socket.write('POST /api/auth/session/login HTTP/1.1\r\nHost: localhost\r\nNot A Header\r\n\r\n');
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(reply).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: { code: 'bad_request' } });
  });

  test('an idle keep-alive connection outlasts a client pausing between requests, so its next request is not reset', async () => {
    // Node's default closes it after 5 s; a test's request context that paused that long got ECONNRESET on a signup.
    const socket = net.connect(Number(new URL(base).port), 'localhost');
    let data = '';
    let closed = false;
    socket.on('data', (chunk) => (data += chunk.toString()));
    socket.on('close', () => (closed = true));
    const responses = () => data.match(/^HTTP\/1\.1 200 /gm)?.length ?? 0;
    const request = 'GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n';
    socket.write(request);
    await expect.poll(responses).toBe(1);
    expect(data).toMatch(/^keep-alive: timeout=65\r$/im);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(closed).toBe(false);
    socket.write(request);
    await expect.poll(responses).toBe(2);
    socket.destroy();
  });
});
