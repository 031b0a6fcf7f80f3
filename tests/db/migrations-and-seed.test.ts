import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openInspector, type DatabaseInspector } from '../support/database-inspector';
import { createPostgresDatabase, testDatabaseProvider } from '../support/temp-database';

// Runs the real CLI and the real seed against a database made for this test alone: a SQLite file
// in a folder that does not exist yet, or (TEST_DATABASE_PROVIDER=postgresql) an empty PostgreSQL database.
const provider = testDatabaseProvider();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-test-'));
const postgres = provider === 'postgresql' ? createPostgresDatabase() : null;
const url = postgres?.url ?? `file:${path.join(dir, 'nested', 'app.db')}`;
const env = { ...process.env, DATABASE_URL: url, BCRYPT_COST: '4', SECRETS_FILE: path.join(dir, 'secrets.json') };
const run = (script: string) => execFileSync('npm', ['run', '--silent', script], { env, encoding: 'utf8', stdio: 'pipe' });

let db: DatabaseInspector;
const count = async (table: string) => Number(await db.scalar(`SELECT COUNT(*) AS n FROM "${table}"`));

describe(`database set-up (${provider})`, () => {
  before(() => {
    run('db:migrate');
    db = openInspector(url);
  });
  after(async () => {
    await db.close();
    postgres?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('migrates an empty database from scratch with one command', async () => {
    const tables = await db.tables();
    for (const table of ['User', 'Session', 'RefreshToken', 'JobPosting', 'Application', 'AuthEvent', 'RateLimiterFlexible', '_prisma_migrations']) {
      assert.ok(tables.includes(table), `table ${table} exists`);
    }
    if (provider === 'sqlite') assert.equal(await db.scalar('PRAGMA journal_mode'), 'wal');
  });

  it('has the indexes token lookups rely on', async () => {
    const indexes = await db.indexes();
    for (const index of ['Session_tokenHash_key', 'Session_userId_idx', 'RefreshToken_jti_key', 'RefreshToken_tokenHash_key', 'RefreshToken_parentId_key', 'RefreshToken_familyId_issuedAt_idx', 'Application_postingId_seekerId_key']) {
      assert.ok(indexes.includes(index), `index ${index} exists`);
    }
  });

  it('seeds idempotently', async () => {
    run('db:seed');
    const first = { users: await count('User'), postings: await count('JobPosting'), applications: await count('Application') };
    assert.ok(first.users >= 4 && first.postings >= 4 && first.applications >= 1, JSON.stringify(first));
    const companies = Number(await db.scalar('SELECT COUNT(*) AS n FROM "User" WHERE role = $1', ['company']));
    assert.ok(companies >= 2);
    run('db:seed');
    const second = { users: await count('User'), postings: await count('JobPosting'), applications: await count('Application') };
    assert.deepEqual(second, first);
  });

  it('applying migrations again is a no-op', () => {
    assert.match(run('db:migrate'), /No pending migrations|already in sync|successfully applied/i);
  });
});
