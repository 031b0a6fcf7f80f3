import fs from 'node:fs';
import path from 'node:path';
import { PrismaLibSQL } from '@prisma/adapter-libsql';
import { createClient, type Client, type Config, type TransactionMode } from '@libsql/client';
import { sqliteFilePath } from './database-url';

// WAL lets readers run while one request writes; the busy timeout makes a writer from another
// process wait for the lock instead of failing at once; foreign keys make cascades happen.
const CONNECTION_PRAGMAS = [
  'PRAGMA journal_mode = WAL',
  'PRAGMA busy_timeout = 5000',
  'PRAGMA foreign_keys = ON',
  'PRAGMA synchronous = NORMAL',
];

function tune(client: Client): Promise<unknown> {
  // The local client runs each statement synchronously, in order, before the returned promise.
  return Promise.all(CONNECTION_PRAGMAS.map((pragma) => client.execute(pragma)));
}

function tunedClient(config: Config): Client {
  const client = createClient(config);
  void tune(client);
  // A transaction takes the client's connection away and the client lazily opens a new one
  // (pragmas are per connection), so the new one is tuned right after.
  const startTransaction = client.transaction.bind(client);
  client.transaction = async (mode?: TransactionMode) => {
    const transaction = await startTransaction(mode);
    await tune(client);
    return transaction;
  };
  return client;
}

// One libSQL client per database file and process, shared by Prisma's adapter and the hot
// queries that bypass Prisma (lib/db/hot-queries.ts): one connection, one page cache, and a
// batch on it can never wait for a lock held by another connection of this same process.
const holder = globalThis as { authModesSqlite?: Map<string, Client> };

/** The process's client for `url`, opened (and tuned) on first use and again after a close. */
export function sharedSqliteClient(url: string): Client {
  const clients = (holder.authModesSqlite ??= new Map());
  const known = clients.get(url);
  if (known && !known.closed) return known;
  const filePath = sqliteFilePath(url);
  // libSQL does not create the folder of a new database file.
  if (filePath) fs.mkdirSync(path.dirname(filePath), { recursive: true });
  const client = tunedClient({ url });
  clients.set(url, client);
  return client;
}

/** libSQL's adapter over the shared client; the shadow database (":memory:") gets a client of its own. */
class TunedLibSQL extends PrismaLibSQL {
  createClient(config: Config): Client {
    return config.url === ':memory:' ? tunedClient(config) : sharedSqliteClient(config.url);
  }
}

export function createSqliteAdapter(url: string): PrismaLibSQL {
  return new TunedLibSQL({ url });
}
