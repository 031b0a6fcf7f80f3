import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deviceLabel } from '@/lib/client/device';
import { decodeJwtForDisplay as decodeJwt } from '@/lib/client/jwt-display';
import { parseServerTiming } from '@/lib/client/server-timing';
import { loginUrl, needsLogin, safeNextPath } from '@/lib/routes';

describe('the login page next parameter', () => {
  it('keeps same-site relative paths with their query and fragment', () => {
    assert.equal(safeNextPath('/jobs'), '/jobs');
    assert.equal(safeNextPath('/jobs?tab=all#top'), '/jobs?tab=all#top');
    assert.equal(safeNextPath('/company/applicants'), '/company/applicants');
  });

  it('refuses everything that could leave the site, falling back to my page', () => {
    for (const next of [
      'https://evil.example/',
      '//evil.example/path',
      '/\\evil.example',
      '\\\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      'javascript:alert(1)',
      'jobs',
      '',
      null,
      undefined,
    ]) {
      assert.equal(safeNextPath(next), '/me', String(next));
    }
  });

  it('does not send a fresh login back to the login or signup page', () => {
    assert.equal(safeNextPath('/login?next=/jobs'), '/me');
    assert.equal(safeNextPath('/signup'), '/me');
  });

  it('builds login URLs that round-trip the next path', () => {
    const url = new URL(loginUrl({ next: '/jobs?tab=all', expired: true }), 'http://x.invalid');
    assert.equal(url.pathname, '/login');
    assert.equal(url.searchParams.get('next'), '/jobs?tab=all');
    assert.equal(url.searchParams.get('expired'), '1');
  });

  it('knows which pages need a login', () => {
    assert.equal(needsLogin('/me'), true);
    assert.equal(needsLogin('/company/applicants'), true);
    assert.equal(needsLogin('/jobs'), true);
    assert.equal(needsLogin('/jobsearch'), false);
    assert.equal(needsLogin('/settings'), false);
    assert.equal(needsLogin('/'), false);
  });
});

describe('Server-Timing parsing', () => {
  it('reads the ledger the API sends', () => {
    assert.deepEqual(parseServerTiming('auth;dur=0.41;desc="jwt", db;dur=1.20;desc="2 queries", authcache;desc="hit"'), [
      { name: 'auth', duration: 0.41, description: 'jwt' },
      { name: 'db', duration: 1.2, description: '2 queries' },
      { name: 'authcache', duration: null, description: 'hit' },
    ]);
  });

  it('yields nothing for a missing header and ignores a malformed duration', () => {
    assert.deepEqual(parseServerTiming(null), []);
    assert.deepEqual(parseServerTiming('x;dur=abc'), [{ name: 'x', duration: null, description: null }]);
  });
});

describe('decoding a token for display', () => {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('shows header, payload, signature and expiry, including non-ASCII claims', () => {
    const token = `${part({ alg: 'EdDSA', typ: 'at+jwt' })}.${part({ sub: 'u1', name: 'Zoë', exp: 1_800_000_000 })}.c2ln`;
    const decoded = decodeJwt(token);
    assert.deepEqual(decoded?.header, { alg: 'EdDSA', typ: 'at+jwt' });
    assert.equal(decoded?.payload.name, 'Zoë');
    assert.equal(decoded?.signature, 'c2ln');
    assert.equal(decoded?.expiresAt, 1_800_000_000_000);
  });

  it('returns null for what is not a JWT', () => {
    assert.equal(decodeJwt('not-a-token'), null);
    assert.equal(decodeJwt('a.b.c'), null);
    assert.equal(decodeJwt(`${part({ alg: 'none' })}.${Buffer.from('[1]').toString('base64url')}.`), null);
  });
});

describe('device labels', () => {
  it('names common browsers and systems', () => {
    assert.equal(deviceLabel('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36'), 'Chrome on Linux');
    assert.equal(deviceLabel('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'), 'Safari on iOS');
    assert.equal(deviceLabel('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0'), 'Firefox on Windows');
    assert.equal(deviceLabel('curl/8.5.0'), 'curl');
    assert.equal(deviceLabel(null), 'Unknown device');
  });
});
