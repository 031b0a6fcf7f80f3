import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The provider the database tests run on: SQLite unless TEST_DATABASE_PROVIDER=postgresql, which
 * `npm run test:unit` sets for its second pass when TEST_POSTGRES_URL points at a server.
 */
export function testDatabaseProvider(): 'sqlite' | 'postgresql' {
  return process.env.TEST_DATABASE_PROVIDER === 'postgresql' ? 'postgresql' : 'sqlite';
}

/** TEST_POSTGRES_URL, required once a test asks for PostgreSQL. */
export function testPostgresUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error('TEST_POSTGRES_URL is not set (e.g. postgresql://postgres@127.0.0.1:5432/postgres)');
  return url;
}

const runScript = (args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', path.join('scripts', 'pg-database.ts'), ...args], { encoding: 'utf8', stdio: 'pipe' }).trim();

/**
 * A new PostgreSQL database with a random name on TEST_POSTGRES_URL's server: empty, or with every
 * migration applied (a copy of a migrated template, tests/support/postgres-template.ts).
 */
export function createPostgresDatabase(contents: 'empty' | 'migrated' = 'empty'): { url: string; drop: () => void } {
  const url = runScript([contents === 'migrated' ? 'create-migrated' : 'create', testPostgresUrl()]);
  return { url, drop: () => runScript(['drop', url]) };
}

/**
 * A migrated database of its own for a test file (SQLite, or PostgreSQL as above), configured
 * through the environment before any app module is imported (lib/env.ts reads process.env once).
 */
export function createTempDatabase(): { dir: string; url: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-modes-test-'));
  const postgres = testDatabaseProvider() === 'postgresql' ? createPostgresDatabase('migrated') : null;
  const url = postgres?.url ?? `file:${path.join(dir, 'app.db')}`;
  Object.assign(process.env, { DATABASE_URL: url, SECRETS_FILE: path.join(dir, 'secrets.json'), BCRYPT_COST: '4' });
  if (!postgres) execFileSync('npm', ['run', '--silent', 'db:migrate'], { env: process.env, stdio: 'pipe' });
  return {
    dir,
    url,
    remove: () => {
      postgres?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
