import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createClient, type Client } from '@libsql/client';

// Runs the real CLI and the real seed against a database file made for this test alone.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-test-'));
const url = `file:${path.join(dir, 'nested', 'app.db')}`;
const env = { ...process.env, DATABASE_URL: url, BCRYPT_COST: '4', SECRETS_FILE: path.join(dir, 'secrets.json') };
const run = (script: string) => execFileSync('npm', ['run', '--silent', script], { env, encoding: 'utf8', stdio: 'pipe' });

let client: Client;
const count = async (table: string) => Number((await client.execute(`SELECT COUNT(*) AS n FROM "${table}"`)).rows[0]!.n);

describe('database set-up', () => {
  before(() => {
    run('db:migrate');
    client = createClient({ url });
  });
  after(() => {
    client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('migrates an empty database from scratch, creating its folder', async () => {
    const tables = (await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).rows.map((row) => row.name);
    for (const table of ['User', 'Session', 'RefreshToken', 'JobPosting', 'Application', 'AuthEvent', '_prisma_migrations']) {
      assert.ok(tables.includes(table), `table ${table} exists`);
    }
    const journal = (await client.execute('PRAGMA journal_mode')).rows[0]!.journal_mode;
    assert.equal(journal, 'wal');
  });

  it('has the indexes token lookups rely on', async () => {
    const indexes = (await client.execute("SELECT name FROM sqlite_master WHERE type = 'index'")).rows.map((row) => String(row.name));
    for (const index of ['Session_tokenHash_key', 'Session_userId_idx', 'RefreshToken_jti_key', 'RefreshToken_tokenHash_key', 'RefreshToken_familyId_idx', 'Application_postingId_seekerId_key']) {
      assert.ok(indexes.includes(index), `index ${index} exists`);
    }
  });

  it('seeds idempotently', async () => {
    run('db:seed');
    const first = { users: await count('User'), postings: await count('JobPosting'), applications: await count('Application') };
    assert.ok(first.users >= 4 && first.postings >= 4 && first.applications >= 1, JSON.stringify(first));
    const companies = Number((await client.execute("SELECT COUNT(*) AS n FROM User WHERE role = 'company'")).rows[0]!.n);
    assert.ok(companies >= 2);
    run('db:seed');
    const second = { users: await count('User'), postings: await count('JobPosting'), applications: await count('Application') };
    assert.deepEqual(second, first);
  });

  it('applying migrations again is a no-op', () => {
    assert.match(run('db:migrate'), /No pending migrations|already in sync|successfully applied/i);
  });
});
