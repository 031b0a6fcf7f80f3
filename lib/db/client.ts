import 'server-only';
import { PrismaClient } from '@/lib/generated/sqlite/client';
import { env } from '@/lib/env';
import { createSqliteAdapter } from './sqlite-adapter';
import { queryLedgerExtension } from './query-ledger';

function createClient() {
  return new PrismaClient({ adapter: createSqliteAdapter(env().databaseUrl) }).$extends(queryLedgerExtension);
}

export type Db = ReturnType<typeof createClient>;
/** The client handed to an interactive transaction's callback. */
export type DbTransaction = Parameters<Parameters<Db['$transaction']>[0]>[0];

// One client per process; dev mode's hot reload would otherwise open a new one per edit.
const holder = globalThis as { authModesDb?: Db };

/** The app's database client, created on first use (not at import, so `next build` needs no secrets). */
export function db(): Db {
  holder.authModesDb ??= createClient();
  return holder.authModesDb;
}
