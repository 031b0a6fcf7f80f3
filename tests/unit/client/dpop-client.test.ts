import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, jwtVerify } from 'jose';
import { describeKey, privateKeyExportRefusal } from '@/lib/client/dpop';
import { noteServerDate, signProof } from '@/lib/client/dpop-proof';
import { accessTokenHash } from '../../../scripts/dpop-proof';

// The browser's DPoP proofs (lib/client/dpop.ts) are made with WebCrypto by hand, not by a JOSE
// library: check them with one (jose), as any RFC 9449 server would.

const nonExtractableKey = () => crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);

describe('the browser DPoP client', () => {
  it('signs ES256 proofs that a JOSE library verifies, with the claims RFC 9449 asks for', async () => {
    const key = await describeKey(await nonExtractableKey());
    const proof = await signProof(key, 'GET', 'https://jobs.example.test/api/me?page=2#top', 'the.access.token');
    const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, { algorithms: ['ES256'], typ: 'dpop+jwt' });
    assert.deepEqual(protectedHeader.jwk, key.publicJwk);
    assert.equal(payload.htm, 'GET');
    assert.equal(payload.htu, 'https://jobs.example.test/api/me', 'no query, no fragment');
    assert.equal(payload.ath, accessTokenHash('the.access.token'));
    assert.ok(Math.abs(Number(payload.iat) - Date.now() / 1000) < 5);
    assert.match(String(payload.jti), /^[\w-]{22}$/);
    const again = await signProof(key, 'GET', 'https://jobs.example.test/api/me');
    assert.notEqual((await jwtVerify(again, EmbeddedJWK)).payload.jti, payload.jti, 'a new jti per proof');
    assert.equal((await jwtVerify(again, EmbeddedJWK)).payload.ath, undefined, 'no ath without a token');
  });

  it('computes the RFC 7638 thumbprint a bound token names, and publishes no private member', async () => {
    const key = await describeKey(await nonExtractableKey());
    assert.equal(key.jkt, await calculateJwkThumbprint(key.publicJwk));
    const header = decodeProtectedHeader(await signProof(key, 'POST', 'https://jobs.example.test/api/auth/jwt/login'));
    assert.deepEqual(Object.keys(header.jwk ?? {}).sort(), ['crv', 'kty', 'x', 'y']);
  });

  it('cannot export its private key', async () => {
    const { privateKey } = await nonExtractableKey();
    assert.match(await privateKeyExportRefusal(privateKey), /^refused \(/);
  });

  it('follows the server clock from the Date header, ignoring differences of a few seconds', async () => {
    const key = await describeKey(await nonExtractableKey());
    const dated = (offsetSeconds: number) => new Response(null, { headers: { date: new Date(Date.now() + offsetSeconds * 1000).toUTCString() } });
    assert.equal(noteServerDate(dated(2)), false);
    assert.equal(noteServerDate(dated(600)), true);
    const ahead = await jwtVerify(await signProof(key, 'GET', 'https://x.test/'), EmbeddedJWK);
    assert.ok(Math.abs(Number(ahead.payload.iat) - (Date.now() / 1000 + 600)) < 3);
    assert.equal(noteServerDate(dated(0)), true, 'back to no skew');
  });
});
