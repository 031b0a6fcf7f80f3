import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildEnv, EnvError } from '@/lib/env';

const tempSecretsFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'env-test-')), 'secrets.json');

describe('buildEnv', () => {
  it('starts in development with no configuration at all, and keeps its generated secrets', () => {
    const file = tempSecretsFile();
    const first = buildEnv({ SECRETS_FILE: file });
    const second = buildEnv({ SECRETS_FILE: file });
    assert.equal(first.nodeEnv, 'development');
    assert.equal(first.accessTokenTtl, 600);
    assert.equal(first.bcryptCost, 12);
    assert.ok(first.sessionSecret.length >= 32);
    assert.equal(first.jwtPrivateKey.crv, 'Ed25519');
    assert.equal(second.sessionSecret, first.sessionSecret, 'a restart must reuse the same secrets');
    assert.deepEqual(second.jwtPrivateKey, first.jwtPrivateKey);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'the secrets file is readable by its owner only');
  });

  it('names every missing secret in production', () => {
    assert.throws(
      () => buildEnv({ NODE_ENV: 'production' }),
      (error: unknown) =>
        error instanceof EnvError &&
        /SESSION_SECRET/.test(error.message) &&
        /JWT_PRIVATE_KEY/.test(error.message) &&
        /REFRESH_TOKEN_SECRET/.test(error.message),
    );
  });

  it('lets the test suite run a production build with generated secrets', () => {
    const parsed = buildEnv({ NODE_ENV: 'production', ALLOW_GENERATED_SECRETS: 'true', SECRETS_FILE: tempSecretsFile() });
    assert.equal(parsed.cookieSecure, true);
  });

  it('explains bad values by variable name', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ BCRYPT_COST: '3' }, /BCRYPT_COST/],
      [{ BCRYPT_COST: 'twelve' }, /BCRYPT_COST/],
      [{ ACCESS_TOKEN_TTL: '-5' }, /ACCESS_TOKEN_TTL/],
      [{ SESSION_SECRET: 'too-short' }, /SESSION_SECRET: must be at least 32 characters/],
      [{ DEFAULT_AUTH_MODE: 'cookies' }, /DEFAULT_AUTH_MODE/],
      [{ JWT_PRIVATE_KEY: 'not json' }, /JWT_PRIVATE_KEY: must be a JSON object/],
      [{ JWT_PRIVATE_KEY: '{"kty":"RSA"}' }, /JWT_PRIVATE_KEY: must be an Ed25519 private key/],
      [{ JWT_PREVIOUS_PUBLIC_KEYS: '{}' }, /JWT_PREVIOUS_PUBLIC_KEYS: must be a JSON array/],
      [{ ALLOW_GENERATED_SECRETS: 'yes' }, /ALLOW_GENERATED_SECRETS/],
      [{ APP_ORIGIN: 'not a url' }, /APP_ORIGIN/],
    ];
    for (const [source, message] of cases) {
      assert.throws(() => buildEnv({ SECRETS_FILE: tempSecretsFile(), ...source }), message, JSON.stringify(source));
    }
  });

  it('reads lifetimes and the default mode', () => {
    const parsed = buildEnv({
      SECRETS_FILE: tempSecretsFile(),
      ACCESS_TOKEN_TTL: '30',
      REFRESH_GRACE_SECONDS: '0',
      DEFAULT_AUTH_MODE: 'jwt',
      COOKIE_SECURE: 'false',
      APP_ORIGIN: 'https://jobs.example.com/, http://localhost:3000',
    });
    assert.deepEqual(parsed.appOrigins, ['https://jobs.example.com', 'http://localhost:3000']);
    assert.equal(parsed.accessTokenTtl, 30);
    assert.equal(parsed.refreshGraceSeconds, 0);
    assert.equal(parsed.defaultAuthMode, 'jwt');
    assert.equal(parsed.cookieSecure, false);
  });
});
