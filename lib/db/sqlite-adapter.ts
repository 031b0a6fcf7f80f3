import fs from 'node:fs';
import path from 'node:path';
import { PrismaLibSQL } from '@prisma/adapter-libsql';
import type { Client, Config, TransactionMode } from '@libsql/client';
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

/** libSQL's adapter, with the pragmas above applied to every connection it opens. */
class TunedLibSQL extends PrismaLibSQL {
  createClient(config: Config): Client {
    const client = super.createClient(config);
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
}

export function createSqliteAdapter(url: string): PrismaLibSQL {
  const filePath = sqliteFilePath(url);
  // libSQL does not create the folder of a new database file.
  if (filePath) fs.mkdirSync(path.dirname(filePath), { recursive: true });
  return new TunedLibSQL({ url });
}
