import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRandomDatabase, databaseExists, dropDatabase, renameDatabase } from '../../lib/db/postgres-admin';

/**
 * Migrated PostgreSQL databases for tests, in a tenth of a second instead of eleven.
 *
 * `prisma migrate deploy` on PostgreSQL takes 11 s however little it applies: Prisma 6.19's
 * WebAssembly schema engine starts a 10 s timer beside its advisory lock (the lock's timeout) and
 * never clears it, so the CLI exits only when the timer fires. The suite needs dozens of migrated
 * databases, so the migrations run once into a template named after their contents, and every
 * test database is a copy of it (CREATE DATABASE … TEMPLATE): the same tables, indexes and
 * migration log. tests/db/migrations-and-seed.test.ts still migrates empty databases with the CLI.
 */

const MIGRATIONS_DIR = path.join('prisma', 'postgresql', 'migrations');
const TEMPLATE_PREFIX = 'auth_modes_template_';
const DUPLICATE_DATABASE = '42P04';
const OBJECT_IN_USE = '55006';

function migrationsDigest(): string {
  const hash = crypto.createHash('sha256');
  const files = fs.readdirSync(MIGRATIONS_DIR, { recursive: true, encoding: 'utf8' }).sort();
  for (const file of files) {
    const full = path.join(MIGRATIONS_DIR, file);
    if (!fs.statSync(full).isFile()) continue;
    hash.update(file).update('\0').update(fs.readFileSync(full)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

const errorCode = (error: unknown) => (error instanceof Error && 'code' in error ? error.code : undefined);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The template for the current migrations, migrated under a name of its own and renamed when done,
 * so a template that exists is complete, and of processes racing to build it one wins.
 */
async function migratedTemplate(serverUrl: string): Promise<string> {
  const name = `${TEMPLATE_PREFIX}${migrationsDigest()}`;
  if (await databaseExists(serverUrl, name)) return name;

  const building = await createRandomDatabase(serverUrl, name);
  try {
    execFileSync('npm', ['run', '--silent', 'db:migrate'], { env: { ...process.env, DATABASE_URL: building }, stdio: 'pipe' });
    await renameDatabase(building, name);
  } catch (error) {
    await dropDatabase(building);
    if (errorCode(error) !== DUPLICATE_DATABASE) throw error;
  }
  return name;
}

/** A new database with a random name on serverUrl's server, with every migration applied. */
export async function createMigratedDatabase(serverUrl: string, prefix = 'auth_modes_test'): Promise<string> {
  const template = await migratedTemplate(serverUrl);
  // A copy fails while anyone is connected to the template: only a racing builder's rename is, briefly.
  for (let attempt = 1; ; attempt++) {
    try {
      return await createRandomDatabase(serverUrl, prefix, template);
    } catch (error) {
      if (errorCode(error) !== OBJECT_IN_USE || attempt === 20) throw error;
      await sleep(100 * attempt);
    }
  }
}
