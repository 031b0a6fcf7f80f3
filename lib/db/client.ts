import 'server-only';
import { PrismaClient as SqliteClient } from '@/lib/generated/sqlite/client';
import { PrismaClient as PostgresClient } from '@/lib/generated/postgresql/client';
import { env } from '@/lib/env';
import { databaseProvider } from './database-url';
import { createPostgresAdapter } from './postgres-adapter';
import { createSqliteAdapter } from './sqlite-adapter';
import { queryLedgerExtension } from './query-ledger';

function createSqliteClient(url: string) {
  return new SqliteClient({ adapter: createSqliteAdapter(url) }).$extends(queryLedgerExtension);
}

function createClient() {
  const url = env().databaseUrl;
  if (databaseProvider(url) === 'sqlite') return createSqliteClient(url);
  // Both clients are generated from the same models (scripts/sync-postgres-schema.ts), so their
  // model APIs agree. The app is typed against the SQLite client, the narrower of the two, so
  // code that compiles runs on both providers.
  return new PostgresClient({ adapter: createPostgresAdapter(url) }).$extends(queryLedgerExtension) as unknown as Db;
}

export type Db = ReturnType<typeof createSqliteClient>;

// One client per process; dev mode's hot reload would otherwise open a new one per edit.
const holder = globalThis as { authModesDb?: Db };

/** The app's database client, created on first use (not at import, so `next build` needs no secrets). */
export function db(): Db {
  holder.authModesDb ??= createClient();
  return holder.authModesDb;
}
