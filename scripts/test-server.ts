/**
 * Starts the production build for the test suite on a fresh database of its own.
 * Usage: tsx scripts/test-server.ts <profile>, where the profile picks port and lifetimes.
 * scripts/test-servers.ts starts one of these per profile, all at once, for Playwright's run.
 * With SQLITE_TEMPLATE (a migrated and seeded database file), a SQLite profile copies it instead
 * of running the migrations and the seed again: the same result, in milliseconds.
 * PostgreSQL profiles copy a migrated template into a database with a random name on
 * TEST_POSTGRES_URL's server (tests/support/postgres-template.ts), seed it, and drop it again on
 * SIGTERM/SIGINT (Playwright's gracefulShutdown).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { dropDatabase } from '../lib/db/postgres-admin';
import {
  postgresTestServerProfiles,
  testServerProfiles,
  type PostgresTestServerProfileName,
  serverStateFile,
  type TestServerProfileName,
} from '../tests/support/servers';
import { createMigratedDatabase } from '../tests/support/postgres-template';
import { prepareDatabase, seedDatabase, startCluster } from './cluster';

const name = process.argv[2] ?? '';
const sqliteProfile = testServerProfiles[name as TestServerProfileName];
const postgresProfile = postgresTestServerProfiles[name as PostgresTestServerProfileName];
if (!sqliteProfile && !postgresProfile) {
  console.error(`unknown profile "${name}"; use one of ${[...Object.keys(testServerProfiles), ...Object.keys(postgresTestServerProfiles)].join(', ')}`);
  process.exit(2);
}

const dataDir = path.resolve('data', 'test', name);
fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });

async function databaseUrl(): Promise<string> {
  if (sqliteProfile) return sqliteProfile.databaseUrl;
  const server = process.env.TEST_POSTGRES_URL;
  if (!server) throw new Error(`profile "${name}" needs TEST_POSTGRES_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres)`);
  return createMigratedDatabase(server);
}

/** What tests need to reach behind a PostgreSQL profile's port: its database and instances. */
function writeState(state: { databaseUrl: string; frontDoor?: string; instances?: string[] }) {
  fs.writeFileSync(serverStateFile(name as PostgresTestServerProfileName), JSON.stringify(state));
}

/** A closed WAL database may still leave -wal/-shm files beside it; they belong to the copy. */
function copySqliteDatabase(from: string, to: string) {
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(from + suffix)) fs.copyFileSync(from + suffix, to + suffix);
  }
}

async function main() {
  const profile = sqliteProfile ?? postgresProfile!;
  const url = await databaseUrl();
  const dropOwnDatabase = () => (postgresProfile ? dropDatabase(url) : Promise.resolve());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATABASE_URL: url,
    ALLOW_GENERATED_SECRETS: 'true',
    SECRETS_FILE: path.join(dataDir, 'secrets.json'),
    BCRYPT_COST: '4',
    // Playwright stops servers with SIGTERM: no load balancer to drain from, so no long delay.
    SHUTDOWN_DRAIN_MS: '300',
    ...profile.env,
  };
  try {
    const template = process.env.SQLITE_TEMPLATE;
    if (postgresProfile) seedDatabase(env);
    else if (template) copySqliteDatabase(template, sqliteProfile.databaseUrl.slice('file:'.length));
    else prepareDatabase(env);
  } catch (error) {
    await dropOwnDatabase();
    throw error;
  }

  if (postgresProfile && postgresProfile.instances > 1) {
    const cluster = await startCluster({ databaseUrl: url, instances: postgresProfile.instances, port: profile.port, env }).catch(async (error: unknown) => {
      await dropOwnDatabase();
      throw error;
    });
    writeState({ databaseUrl: url, frontDoor: cluster.frontDoor, instances: cluster.instances });
    // Playwright signals the whole process group and tsx relays the signal again: stay subscribed
    // (a second signal with no listener would kill the process before the database is dropped).
    let stopping: Promise<void> | undefined;
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        stopping ??= cluster.stop().then(dropOwnDatabase).finally(() => process.exit(0));
      });
    }
    return;
  }

  const server = spawn(process.execPath, ['server.mjs'], { env: { ...env, PORT: String(profile.port) }, stdio: 'inherit' });
  if (postgresProfile) writeState({ databaseUrl: url });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => server.kill(signal));
  }
  server.on('exit', (code) => void dropOwnDatabase().finally(() => process.exit(code ?? 0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
