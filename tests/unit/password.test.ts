import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, isHashablePassword, verifyPassword } from '@/lib/auth/password';

describe('password hashing', () => {
  it('round-trips and rejects the wrong password', async () => {
    const hash = await hashPassword('correct horse battery', 4);
    assert.match(hash, /^\$2b\$04\$/);
    assert.equal(await verifyPassword('correct horse battery', hash), true);
    assert.equal(await verifyPassword('correct horse batterx', hash), false);
  });

  it('salts every hash', async () => {
    assert.notEqual(await hashPassword('same password', 4), await hashPassword('same password', 4));
  });

  it('refuses passwords bcrypt would truncate instead of hashing a prefix', async () => {
    const seventyTwoBytes = 'a'.repeat(72);
    assert.equal(isHashablePassword(seventyTwoBytes), true);
    assert.equal(isHashablePassword(`${seventyTwoBytes}b`), false);
    assert.equal(isHashablePassword('🔑'.repeat(18)), true, '18 four-byte emoji are exactly 72 bytes');
    assert.equal(isHashablePassword('🔑'.repeat(19)), false);
    assert.equal(isHashablePassword('before\0after'), false);
    await assert.rejects(() => hashPassword(`${seventyTwoBytes}b`, 4), RangeError);
  });

  it('does not let a longer password match a stored 72-byte one', async () => {
    const hash = await hashPassword('x'.repeat(72), 4);
    assert.equal(await verifyPassword(`${'x'.repeat(72)}tail`, hash), false);
    assert.equal(await verifyPassword('x'.repeat(72), hash), true);
  });

  it('does not let a NUL byte cut a password short', async () => {
    const hash = await hashPassword('password1', 4);
    assert.equal(await verifyPassword('password1\0anything', hash), false);
  });

  it('answers false for an unknown account after doing a full comparison', async () => {
    process.env.BCRYPT_COST ??= '4';
    assert.equal(await verifyPassword('whatever', null), false);
  });
});
