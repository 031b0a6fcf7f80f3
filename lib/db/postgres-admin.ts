import crypto from 'node:crypto';
import pg from 'pg';

/**
 * Creating and dropping whole PostgreSQL databases, for the test suite (a fresh database per run)
 * and the cluster script. Not used by the app. Database names are generated here, never taken
 * from input, because CREATE/DROP DATABASE cannot take bind parameters.
 */

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const target = new URL(url);
  target.pathname = `/${database}`;
  return target.toString();
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

const SAFE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function quoted(name: string): string {
  if (!SAFE_NAME.test(name)) throw new Error(`refusing database name "${name}"`);
  return `"${name}"`;
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates a database with a random name next to adminUrl's and returns its URL: empty, or a copy
 * of `template` (which fails while anyone is connected to the template).
 */
export async function createRandomDatabase(adminUrl: string, prefix = 'auth_modes_test', template?: string): Promise<string> {
  const name = `${prefix}_${crypto.randomBytes(6).toString('hex')}`;
  const copying = template ? ` TEMPLATE ${quoted(template)}` : '';
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${quoted(name)}${copying}`));
  return withDatabase(adminUrl, name);
}

export async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  return withAdmin(withDatabase(adminUrl, 'postgres'), async (client) => Boolean((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount));
}

/** Renames the database of url (no one may be connected to it). */
export async function renameDatabase(url: string, name: string): Promise<void> {
  await withAdmin(withDatabase(url, 'postgres'), (client) => client.query(`ALTER DATABASE ${quoted(databaseNameOf(url))} RENAME TO ${quoted(name)}`));
}

/** Creates the database of url unless it exists (connecting to the server's `postgres` database to do so). */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseNameOf(url);
  if (await databaseExists(url, name)) return false;
  await withAdmin(withDatabase(url, 'postgres'), (client) => client.query(`CREATE DATABASE ${quoted(name)}`));
  return true;
}

/** Drops the database of url, closing connections that are still open (PostgreSQL 13+). */
export async function dropDatabase(url: string): Promise<void> {
  const name = databaseNameOf(url);
  await withAdmin(withDatabase(url, 'postgres'), (client) => client.query(`DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`));
}
