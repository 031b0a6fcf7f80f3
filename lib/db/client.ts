import 'server-only';
import { PrismaClient } from '@/lib/generated/sqlite/client';
import { env } from '@/lib/env';
import { createSqliteAdapter } from './sqlite-adapter';

export type Db = PrismaClient;

// One client per process; dev mode's hot reload would otherwise open a new one per edit.
const holder = globalThis as { authModesDb?: PrismaClient };

/** The app's database client, created on first use (not at import, so `next build` needs no secrets). */
export function db(): PrismaClient {
  holder.authModesDb ??= new PrismaClient({ adapter: createSqliteAdapter(env().databaseUrl) });
  return holder.authModesDb;
}
