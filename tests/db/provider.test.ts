import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { databaseProvider } from '@/lib/db/database-url';
import { buildEnv, EnvError } from '@/lib/env';

const secretsFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'provider-test-')), 'secrets.json');

describe('the provider comes from DATABASE_URL alone', () => {
  it('file: is SQLite, postgres:// and postgresql:// are PostgreSQL', () => {
    assert.equal(databaseProvider('file:./data/app.db'), 'sqlite');
    assert.equal(databaseProvider('postgres://u@db:5432/app'), 'postgresql');
    assert.equal(databaseProvider('postgresql://u@db:5432/app?sslmode=require'), 'postgresql');
  });

  it('unset means the embedded SQLite file', () => {
    assert.equal(databaseProvider(buildEnv({ SECRETS_FILE: secretsFile() }).databaseUrl), 'sqlite');
  });

  it('refuses any other scheme at start-up, naming the variable and the accepted schemes, without echoing a password', () => {
    for (const url of ['mysql://root:hunter2@db/app', 'sqlite:app.db', './app.db', 'http://db']) {
      assert.throws(
        () => buildEnv({ SECRETS_FILE: secretsFile(), DATABASE_URL: url }),
        (error: unknown) =>
          error instanceof EnvError && /DATABASE_URL/.test(error.message) && /postgresql:\/\//.test(error.message) && !error.message.includes('hunter2'),
        url,
      );
    }
  });
});
