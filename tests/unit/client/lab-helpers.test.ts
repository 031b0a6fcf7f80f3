import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeJwtForDisplay as decodeJwt } from '@/lib/client/jwt-display';
import { percentile } from '@/lib/client/lab/stats';
import { withEditedPayload } from '@/lib/client/lab/xray';

// The lab's own arithmetic: what its tables report must be what the numbers say.

describe('percentile (nearest rank)', () => {
  it('reads p50 and p95 off the sorted values, whatever their order', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.equal(percentile(values, 50), 50);
    assert.equal(percentile(values, 95), 95);
    assert.equal(percentile(values, 100), 100);
    assert.equal(percentile([7], 95), 7);
    assert.equal(percentile([], 50), null);
  });
});

describe('withEditedPayload', () => {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const token = `${part({ alg: 'EdDSA', typ: 'at+jwt' })}.${part({ sub: 'u1', role: 'seeker', exp: 1 })}.c2lnbmF0dXJl`;

  it('replaces the payload and keeps header and signature, so only the signature check can tell', () => {
    const edited = withEditedPayload(token, JSON.stringify({ sub: 'u1', role: 'company', exp: 1 }))!;
    const [header, , signature] = edited.split('.');
    assert.equal(header, token.split('.')[0]);
    assert.equal(signature, 'c2lnbmF0dXJl');
    assert.deepEqual(decodeJwt(edited)?.payload, { sub: 'u1', role: 'company', exp: 1 });
  });

  it('refuses what is not a JSON object', () => {
    for (const text of ['', '{', '[1]', 'null', '"x"']) assert.equal(withEditedPayload(token, text), null);
  });

  it('encodes non-ASCII claims as UTF-8 base64url', () => {
    const edited = withEditedPayload(token, JSON.stringify({ name: 'Zoë ✓' }))!;
    assert.doesNotMatch(edited, /[+/=]/);
    assert.deepEqual(decodeJwt(edited)?.payload, { name: 'Zoë ✓' });
  });
});
